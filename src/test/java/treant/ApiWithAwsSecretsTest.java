package treant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import treant.testing.DiscordSigner;

/**
 * The api role started the way TreantMain starts it, with treant.secrets.source=aws: the public key
 * comes from a Secrets Manager stub, and Discord-signed requests verify against it.
 */
class ApiWithAwsSecretsTest {

    private final DiscordSigner discord = new DiscordSigner();
    private WireMockServer secretsManager;
    private Main main;
    private int httpPort;
    private int managementPort;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @BeforeEach
    void start() throws Exception {
        secretsManager = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        secretsManager.start();
        secretsManager.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .withRequestBody(equalToJson("{\"SecretId\":\"prod/treant/public-key\"}", true, true))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"Name\":\"prod/treant/public-key\",\"SecretString\":\"" + discord.publicKeyHex() + "\"}")));

        httpPort = freePort();
        managementPort = freePort();
        main = TreantMain.create(true);
        main.addOverrideProperty("treant.roles", "api");
        main.addOverrideProperty("treant.secrets.source", "aws");
        main.addOverrideProperty("treant.secrets.discord-public-key", "prod/treant/public-key");
        main.addOverrideProperty("treant.secrets.endpoint", "http://127.0.0.1:" + secretsManager.port());
        main.addOverrideProperty("camel.vault.aws.accessKey", "AKIDTEST");
        main.addOverrideProperty("camel.vault.aws.secretKey", "test-secret-key");
        main.addOverrideProperty("treant.discord.public-key", ""); // nothing from the environment
        main.addOverrideProperty("treant.http.host", "127.0.0.1");
        main.addOverrideProperty("treant.http.port", String.valueOf(httpPort));
        main.addOverrideProperty("treant.management.host", "127.0.0.1");
        main.addOverrideProperty("treant.management.port", String.valueOf(managementPort));
        main.addOverrideProperty("treant.sqs.embedded", "true");
        main.addOverrideProperty("treant.sqs.embedded-port", String.valueOf(freePort()));
        main.addOverrideProperty("treant.sqs.create-queues", "true");
        main.start();
    }

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
        secretsManager.stop();
    }

    private HttpResponse<String> postInteraction(String body, boolean signed) throws Exception {
        String ts = DiscordSigner.now();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/interactions"))
                .header("Content-Type", "application/json")
                .header("X-Signature-Timestamp", ts)
                .header("X-Signature-Ed25519", signed ? discord.sign(ts, bytes) : "00".repeat(64))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void signedPingIsAnsweredWithTheKeyFromSecretsManager() throws Exception {
        String ping = "{\"id\":\"1300000000000000001\",\"application_id\":\"1300000000000000002\",\"type\":1,\"token\":\"t\",\"version\":1}";

        HttpResponse<String> pong = postInteraction(ping, true);
        assertThat(pong.statusCode()).isEqualTo(200);
        assertThat(pong.body()).contains("\"type\":1");

        assertThat(postInteraction(ping, false).statusCode()).isEqualTo(401);
        assertThat(secretsManager.findAll(postRequestedFor(urlEqualTo("/")))).hasSize(1);

        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);

        String metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("treant_commands_seconds_count\\{command=\"ping\",outcome=\"ok\",stage=\"api\"} 1(\\.0)?\\n");
        assertThat(metrics).containsPattern("treant_commands_seconds_count\\{command=\"unknown\",outcome=\"rejected\",stage=\"api\"} 1(\\.0)?\\n");
    }
}
