package treant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** The one credentials rule of every AWS client Treant builds, and the choice of their HTTP client. */
class AwsClientsTest {

    @AfterEach
    void clearCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void aLoopbackServerGetsDummyCredentialsWhenTheProcessHasNone() {
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null, "this environment names AWS credentials");
        AwsCredentialsIdentity c = AwsClients.credentials("http://127.0.0.1:9324").resolveCredentials();
        assertThat(c.accessKeyId()).isEqualTo("local");
        assertThat(c.secretAccessKey()).isEqualTo("local");
    }

    /** moto with IAM enforcement on loopback must see the principal's own key (deploy's IamContractTest). */
    @Test
    void aLoopbackServerGetsTheCredentialsTheProcessWasGiven() {
        System.setProperty("aws.accessKeyId", "AKIAEXAMPLEPRINCIPAL");
        System.setProperty("aws.secretAccessKey", "principal-secret");
        AwsCredentialsIdentity c = AwsClients.credentials("http://localhost:5000").resolveCredentials();
        assertThat(c.accessKeyId()).isEqualTo("AKIAEXAMPLEPRINCIPAL");
        assertThat(c.secretAccessKey()).isEqualTo("principal-secret");
    }

    @Test
    void realAwsUsesTheSdksDefaultChain() {
        assertThat(AwsClients.credentials("")).isInstanceOf(DefaultCredentialsProvider.class);
        assertThat(AwsClients.credentials("https://sqs.us-east-1.amazonaws.com")).isInstanceOf(DefaultCredentialsProvider.class);
    }

    @Test
    void theHttpClientIsTheSettingsOneAndAnUnknownOneIsRefusedByName() {
        Duration second = Duration.ofSeconds(1);
        try (SdkHttpClient apache = AwsClients.httpClient("apache", second, second, 4).build();
             SdkHttpClient jdk = AwsClients.httpClient("url-connection", second, second, 4).build()) {
            assertThat(apache).isInstanceOf(ApacheHttpClient.class);
            assertThat(jdk).isInstanceOf(UrlConnectionHttpClient.class);
        }
        assertThatThrownBy(() -> AwsClients.httpClient("netty", second, second, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("treant.aws.http-client").hasMessageContaining("netty");
    }
}
