package treant;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * How Treant builds its AWS clients: the shared SQS client, and the one credentials rule every client
 * follows. A plain class with static factories, so {@code camel run} can create the SQS client from a
 * property too ({@code tools/camel-cli/camel-run.properties}).
 */
public final class AwsClients {

    private AwsClients() {}

    /**
     * The SQS client every role shares. Discord waits 3 s for the first answer, so a call gives up after
     * {@code callTimeoutMs}, well before that.
     */
    public static SqsClient sqs(String region, String endpoint, long callTimeoutMs, int maxConnections) {
        Duration callTimeout = Duration.ofMillis(callTimeoutMs);
        SqsClientBuilder builder = SqsClient.builder()
                .region(Region.of(region))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(maxConnections)
                        .connectionTimeout(Duration.ofSeconds(1))
                        .socketTimeout(callTimeout))
                .overrideConfiguration(c -> c.apiCallTimeout(callTimeout))
                .credentialsProvider(credentials(endpoint));
        if (!endpoint.isEmpty()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    /** Local servers (ElasticMQ, dynalite, stubs) accept any signature; real AWS uses the SDK's default chain. */
    public static AwsCredentialsProvider credentials(String endpoint) {
        return isLoopback(endpoint)
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                : DefaultCredentialsProvider.builder().build();
    }

    public static boolean isLoopback(String endpoint) {
        if (endpoint == null || endpoint.isEmpty()) {
            return false;
        }
        String host = URI.create(endpoint).getHost();
        return "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
    }
}
