package treant.worker;

import treant.testing.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import treant.testing.Await;
import treant.testing.DiscordSigner;
import treant.testing.SignedClient;
import treant.testing.TreantApp;

/**
 * The whole deferred flow in the real application (TreantMain's Camel Main, roles api and worker):
 * a signed interaction from Discord's fixtures → 200 DEFERRED → command queue (ElasticMQ) → worker
 * → services (WireMock) → exactly one PATCH of the original message.
 */
class ApiToWorkerEndToEndTest {

    static WorkerServices services;
    static TreantApp app;
    static SignedClient discord;

    @BeforeAll
    static void start() throws Exception {
        services = new WorkerServices().start(false);
        services.stubHappyPath();
        DiscordSigner signer = new DiscordSigner();
        Map<String, String> props = services.workerProperties(services.freshQueues(3, 30), "embedded",
                Files.createTempDirectory("treant-e2e").resolve("treant").toString());
        props.put("treant.discord.public-key", signer.publicKeyHex());
        app = TreantApp.start("api,worker", props);
        discord = new SignedClient(app.interactionsUrl(), signer);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        services.close();
    }

    JsonNode deferredThenEdited(String fixture) throws Exception {
        String body = Fixtures.text("discord/" + fixture);
        String token = services.mapper.readTree(body).path("token").asText();
        var response = discord.send(body.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(services.mapper.readTree(response.body()).path("type").asInt()).as("DEFERRED").isEqualTo(5);
        Await.until(Duration.ofSeconds(30), "the PATCH for " + fixture,
                () -> services.edits().stream().anyMatch(r -> r.getUrl().contains("/" + token + "/")));
        List<LoggedRequest> edits = services.edits().stream().filter(r -> r.getUrl().contains("/" + token + "/")).toList();
        assertThat(edits).hasSize(1);
        return services.editJson(edits.get(0));
    }

    @Test
    void judgeFromDiscordToTheEditedMessage() throws Exception {
        JsonNode edit = deferredThenEdited("judge.json");
        assertThat(edit.path("embeds").path(0).path("title").asText()).isEqualTo("⚖️ Judgment for Barkskin (Dreamscythe)");
    }

    @Test
    void goldFromDiscordToTheEditedMessageWithItsChart() throws Exception {
        JsonNode edit = deferredThenEdited("gold.json");
        assertThat(edit.path("embeds").path(0).path("description").asText()).contains("**5,000 gold** costs **$30.60**");
    }
}
