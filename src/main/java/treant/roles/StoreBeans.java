package treant.roles;

import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import treant.AwsClients;
import treant.store.Store;
import treant.store.Stores;

/**
 * The store of the roles that use one (api: autocomplete reads the directory and the voice allowances;
 * worker: prices, job claims, the directory it keeps fresh): DynamoDB, or an embedded H2 file.
 */
public class StoreBeans implements Beans {

    @PropertyInject("treant.aws.region") String region;
    @PropertyInject("treant.aws.http-client") String awsHttpClient;
    @PropertyInject("treant.dynamodb.endpoint") String endpoint;
    @PropertyInject("treant.dynamodb.timeout-ms") long timeoutMs;
    @PropertyInject("treant.http-client.max-connections") int maxConnections;
    @PropertyInject("treant.dynamodb.table") String table;
    @PropertyInject("treant.store") String kind;
    @PropertyInject("treant.store.embedded-file") String embeddedFile;

    @Override
    public void bind(CamelContext camel) throws Exception {
        Registry beans = camel.getRegistry();
        beans.bind("dynamoDbClient", DynamoDbClient.class,
                AwsClients.dynamoDb(region, endpoint, timeoutMs, maxConnections, awsHttpClient));
        Store store = Stores.open(kind, embeddedFile, table);
        beans.bind("store", Store.class, store, null, "close");
    }
}
