package treant.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The price-history store and job ledger chosen by {@code treant.store} (treant.roles.StoreBeans). */
public final class Stores {

    private static final Logger LOG = LoggerFactory.getLogger(Stores.class);

    private Stores() {}

    /**
     * @param kind         {@code embedded} (an H2 file, local runs) or {@code dynamodb}
     * @param embeddedFile the H2 file without its {@code .mv.db} suffix
     * @param table        the DynamoDB table, reached through the {@code dynamoDbClient} bean
     */
    public static Store open(String kind, String embeddedFile, String table) throws IOException {
        switch (kind) {
            case "embedded" -> {
                // H2 refuses a path relative to the working directory unless it starts with ./
                Path file = Path.of(embeddedFile).toAbsolutePath();
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                LOG.info("store: embedded H2 file {}.mv.db", file);
                return new EmbeddedStore(file.toString());
            }
            case "dynamodb" -> {
                LOG.info("store: DynamoDB table {}", table);
                return new DynamoDbStore("aws2-ddb:" + table + "?amazonDDBClient=#dynamoDbClient");
            }
            default -> throw new IllegalArgumentException("treant.store must be dynamodb or embedded, not '" + kind + "'");
        }
    }
}
