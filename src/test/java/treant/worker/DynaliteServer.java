package treant.worker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * dynalite (npm, a real DynamoDB-API server) as a node child process on 127.0.0.1. Installed by
 * {@code (cd src/test/dynalite && npm ci)}; when node or the package is missing this fails with
 * that instruction instead of skipping.
 */
public final class DynaliteServer implements AutoCloseable {

    static final Path HOME = Path.of("src/test/dynalite");

    private final Process process;
    private final int port;

    private DynaliteServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static DynaliteServer start() throws Exception {
        if (!Files.isDirectory(HOME.resolve("node_modules/dynalite"))) {
            throw new IllegalStateException("dynalite is not installed: run `(cd src/test/dynalite && npm ci)` "
                    + "(needs node and npm; bin/test-setup installs both)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String script = "require('dynalite')({createTableMs: 0}).listen(" + port
                + ", '127.0.0.1', function (err) { if (err) { console.error(err); process.exit(1); } console.log('listening'); });";
        Process process;
        try {
            process = new ProcessBuilder("node", "-e", script).directory(HOME.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start node for dynalite (is node installed? bin/test-setup installs both)", e);
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                StringBuilder seen = new StringBuilder();
                while ((line = out.readLine()) != null) {
                    if (line.contains("listening")) {
                        return "ok";
                    }
                    seen.append(line).append('\n');
                }
                return seen.toString();
            } catch (IOException e) {
                return e.toString();
            }
        });
        String result = ready.get(30, TimeUnit.SECONDS);
        if (!"ok".equals(result)) {
            process.destroyForcibly();
            throw new IllegalStateException("dynalite did not start: " + result);
        }
        return new DynaliteServer(process, port);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public DynamoDbClient client() {
        return DynamoDbClient.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(5)))
                .build();
    }

    /** The price history table (the deployment's): {@code type} hash key S, {@code timestamp} range key N. */
    public void createTable(String table) {
        try (DynamoDbClient ddb = client()) {
            ddb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName("type").attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("timestamp").attributeType(ScalarAttributeType.N).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName("type").keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName("timestamp").keyType(KeyType.RANGE).build()));
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
