package treant.voice;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.polly.PollyClient;
import software.amazon.awssdk.services.polly.PollyClientBuilder;
import treant.AwsClients;

/** The voice role's Polly client (routes/voice/voice-speech-polly.camel.yaml), with the credentials rule of {@link AwsClients}. */
public final class PollyClients {

    private PollyClients() {}

    /** Polly, built once. Retries are the voice route's (with backoff), so the SDK does not retry on its own. */
    public static PollyClient polly(String region, String endpoint, long timeoutSeconds) {
        PollyClientBuilder builder = PollyClient.builder()
                .region(Region.of(region))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(timeoutSeconds)))
                .credentialsProvider(AwsClients.credentials(endpoint));
        if (!endpoint.isEmpty()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }
}
