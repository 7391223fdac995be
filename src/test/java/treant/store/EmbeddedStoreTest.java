package treant.store;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The store contract on an H2 database file. */
class EmbeddedStoreTest extends StoreContractTestBase {

    EmbeddedStore store;

    @BeforeEach
    void open() throws Exception {
        Path dir = Files.createTempDirectory("treant-store");
        store = new EmbeddedStore(dir.resolve("treant").toString());
    }

    @AfterEach
    void close() {
        store.close();
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
