package treant.store;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import treant.worker.DynaliteServer;

/** The store contract on DynamoDB (dynalite), through camel-aws2-ddb. */
class DynamoDbStoreTest extends StoreContractTestBase {

    static DynaliteServer dynalite;
    static int tables;
    CamelContext camel;
    DynamoDbClient client;
    DynamoDbStore store;

    @BeforeAll
    static void startDynalite() throws Exception {
        dynalite = DynaliteServer.start();
    }

    @AfterAll
    static void stopDynalite() throws Exception {
        dynalite.close();
    }

    @BeforeEach
    void open() {
        String table = "StoreTest" + (++tables);
        dynalite.createTable(table);
        client = dynalite.client();
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("ddb", client);
        camel.start();
        store = new DynamoDbStore(camel.createProducerTemplate(), "aws2-ddb:" + table + "?amazonDDBClient=#ddb");
    }

    @AfterEach
    void close() {
        camel.stop();
        client.close();
    }

    @Override
    GoldPriceHistory history() {
        return store;
    }

    @Override
    JobLedger ledger() {
        return store;
    }

    @Override
    Directory directory() {
        return store;
    }

    @Override
    RecapLedger recaps() {
        return store;
    }

    @Override
    VoiceAllowances allowances() {
        return store;
    }
}
