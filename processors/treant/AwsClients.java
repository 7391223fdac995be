package treant;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import treant.queues.EmbeddedSqs;
import treant.queues.LongPolls;

/**
 * How Treant builds its AWS clients (SQS, DynamoDB; the voice role's Polly is
 * {@link treant.voice.PollyClients}) and the one credentials rule every client follows. A plain class
 * with static factories, so {@code camel run} can create the SQS client from a property too
 * ({@code tools/camel-cli/camel-run.properties}). Every role's beans call it, so it names no client of
 * one role only: the Lambda functions' artifact has no Polly SDK, and Camel reads all of a factory's
 * method signatures.
 */
public final class AwsClients {

    private AwsClients() {}

    /**
     * The SQS client every role shares. Discord waits 3 s for the first answer, so a call gives up after
     * {@code callTimeoutMs}, well before that.
     */
    public static SqsClient sqs(String region, String endpoint, EmbeddedSqs local, long callTimeoutMs, int maxConnections,
                                String httpClient) {
        endpoint = sqsEndpoint(endpoint, local);
        Duration callTimeout = Duration.ofMillis(callTimeoutMs);
        SqsClientBuilder builder = SqsClient.builder()
                .region(Region.of(region))
                .httpClientBuilder(httpClient(httpClient, Duration.ofSeconds(1), callTimeout, maxConnections))
                .overrideConfiguration(c -> c.apiCallTimeout(callTimeout))
                .credentialsProvider(credentials(endpoint));
        if (!endpoint.isEmpty()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    /**
     * The SQS client of a queue consumer: its long poll ({@code waitSeconds}) plus a margin must fit in
     * a call, which the shared client ({@link #sqs}, 2 s for the api's sake) would cut short. Its long
     * polls end as the process stops ({@link LongPolls}).
     */
    public static SqsClient pollingSqs(String region, String endpoint, EmbeddedSqs local, int waitSeconds,
                                       int marginSeconds, int maxConnections, String httpClient) {
        return LongPolls.endable(sqs(region, endpoint, local, 1000L * (waitSeconds + marginSeconds), maxConnections, httpClient));
    }

    /** DynamoDB, built once; the SDK retries 5xx, throttling and timeouts with backoff (standard mode). */
    public static DynamoDbClient dynamoDb(String region, String endpoint, long timeoutMs, int maxConnections,
                                          String httpClient) {
        Duration timeout = Duration.ofMillis(timeoutMs);
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .region(Region.of(region))
                .httpClientBuilder(httpClient(httpClient, timeout, timeout, maxConnections))
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD)
                        .apiCallAttemptTimeout(timeout)
                        .apiCallTimeout(timeout.multipliedBy(4)))
                .credentialsProvider(credentials(endpoint));
        if (!endpoint.isEmpty()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    /**
     * The SDK's HTTP client ({@code treant.aws.http-client}): {@code apache}, pooled (at most
     * {@code maxConnections}), for the servers' concurrent calls; {@code url-connection}, the JDK's
     * HttpURLConnection, for the Lambda functions: it starts faster, a function makes few calls at once,
     * and their artifact has no Apache client.
     */
    static SdkHttpClient.Builder<?> httpClient(String kind, Duration connectTimeout, Duration socketTimeout, int maxConnections) {
        return switch (kind.trim()) {
            case "apache" -> ApacheHttpClient.builder().maxConnections(maxConnections)
                    .connectionTimeout(connectTimeout).socketTimeout(socketTimeout);
            case "url-connection" -> UrlConnectionHttpClient.builder()
                    .connectionTimeout(connectTimeout).socketTimeout(socketTimeout);
            default -> throw new IllegalArgumentException("treant.aws.http-client must be apache or url-connection, not '" + kind + "'");
        };
    }

    /** The configured SQS endpoint; none (AWS) but an embedded server running: that one. */
    static String sqsEndpoint(String endpoint, EmbeddedSqs local) {
        return endpoint.isEmpty() && local != null && local.isRunning() ? local.url() : endpoint;
    }

    /**
     * Real AWS: the SDK's default chain. Local servers (ElasticMQ, dynalite, stubs) accept any signature,
     * so a loopback endpoint gets fixed dummy credentials, unless the process is given some explicitly
     * ({@code aws.accessKeyId} / {@code AWS_ACCESS_KEY_ID}): a local server that checks them (moto with
     * IAM enforcement, deploy's IamContractTest) must see the principal's own. Neither profile files nor
     * the instance metadata service are asked on loopback.
     */
    public static AwsCredentialsProvider credentials(String endpoint) {
        if (!isLoopback(endpoint)) {
            return DefaultCredentialsProvider.builder().build();
        }
        return AwsCredentialsProviderChain.builder()
                .credentialsProviders(SystemPropertyCredentialsProvider.create(), EnvironmentVariableCredentialsProvider.create(),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    public static boolean isLoopback(String endpoint) {
        if (endpoint == null || endpoint.isEmpty()) {
            return false;
        }
        String host = URI.create(endpoint).getHost();
        return "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
    }
}
