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
        props.put("treant.blizzard.guild", "Grove Wardens");
        props.put("treant.directory.cache-seconds", "0"); // the api reads the store on every autocomplete
        props.put("treant.directory.first-refresh-seconds", "3600"); // the test refreshes when it wants
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
        assertThat(edit.path("embeds").path(0).path("title").asText()).isEqualTo("⚖️ Barkskin — Level 70 Night Elf Druid (41/20/0)");
    }

    JsonNode autocomplete(String option, String typed) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode interaction = Fixtures.tree("judge-autocomplete-realm");
        for (JsonNode o : interaction.path("data").path("options").get(0).path("options")) {
            com.fasterxml.jackson.databind.node.ObjectNode opt = (com.fasterxml.jackson.databind.node.ObjectNode) o;
            opt.remove("focused");
            if (opt.path("name").asText().equals(option)) {
                opt.put("value", typed).put("focused", true);
            }
        }
        var response = discord.send(Fixtures.toBytes(interaction));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = services.mapper.readTree(response.body());
        assertThat(answer.path("type").asInt()).isEqualTo(8);
        return answer.path("data").path("choices");
    }

    @Test
    void theWorkerKeepsTheRealmIndexAndTheRosterFreshAndTheApiOffersThem() throws Exception {
        // a fresh install: the shipped realms, no characters yet
        assertThat(autocomplete("realm", "dre").toString()).isEqualTo("[{\"name\":\"Dreamscythe\",\"value\":\"dreamscythe\"}]");
        assertThat(autocomplete("character", "ba")).isEmpty();

        app.context().createProducerTemplate().sendBody("direct:refresh-directory", null);
        LoggedRequest index = services.wiremock.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(WorkerServices.REALM_INDEX_PATH))).get(0);
        assertThat(index.queryParameter("namespace").firstValue()).isEqualTo("dynamic-classicann-us");
        assertThat(autocomplete("realm", "")).extracting(c -> c.path("value").asText())
                .as("sorted, the internal realm left out").containsExactly("dreamscythe", "maladath", "nightslayer");
        assertThat(autocomplete("character", "ba").toString()).isEqualTo("[{\"name\":\"Barkskin · 70\",\"value\":\"Barkskin\"}]");
        assertThat(autocomplete("character", "")).hasSize(7);

        // at most hourly: a second run within the hour asks Blizzard nothing
        app.context().createProducerTemplate().sendBody("direct:refresh-directory", null);
        assertThat(services.wiremock.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(WorkerServices.ROSTER_PATH)))).hasSize(1);
    }

    @Test
    void goldFromDiscordToTheEditedMessageWithItsChart() throws Exception {
        JsonNode edit = deferredThenEdited("gold.json");
        assertThat(edit.path("embeds").path(0).path("description").asText()).contains("**5,000 gold** costs **$30.60**");
    }
}
