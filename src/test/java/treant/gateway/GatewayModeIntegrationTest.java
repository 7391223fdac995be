package treant.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.requests.GatewayIntent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import treant.testing.Await;
import treant.testing.DiscordGatewayStandIn;
import treant.testing.Fixtures;
import treant.testing.TreantApp;
import treant.worker.WorkerServices;

/**
 * Gateway mode end to end: the real application (roles api and worker, {@code
 * treant.discord.interactions=gateway}, no public key) logs in to a local Discord stand-in with JDA,
 * takes {@code INTERACTION_CREATE} dispatches into the same flow as HTTP, and answers at the
 * interaction callback; jobs go through ElasticMQ to the worker, whose edit reaches WireMock.
 */
class GatewayModeIntegrationTest {

    static final String API_PATH = "/discord/api/v10";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static WorkerServices services;
    static DiscordGatewayStandIn discord;
    static Map<String, String> queues;
    static TreantApp app;

    @BeforeAll
    static void start() throws Exception {
        services = new WorkerServices().start(false);
        services.stubHappyPath();
        discord = new DiscordGatewayStandIn(services.wiremock, API_PATH).start();
        queues = services.freshQueues(3, 30);
        Map<String, String> props = services.workerProperties(queues, "embedded",
                Files.createTempDirectory("treant-gateway").resolve("treant").toString());
        props.putAll(discord.properties());
        // the fixtures are one user, speaking in many tests: a burst that outlasts the class (the voice
        // allowance's own tests: InteractionsRouteTest, VoiceAllowanceIntegrationTest)
        props.put("treant.voice.user-burst", "100");
        app = TreantApp.start("api,worker", props);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        discord.close();
        services.close();
    }

    @BeforeEach
    void connected() throws Exception {
        Await.until(Duration.ofSeconds(60), "the gateway session connected and the process ready",
                () -> discord.connected() && readiness().statusCode() == 200);
    }

    @Test
    void logsInWithTheLeastIntentsAndOpensNoHttpDoor() {
        // INTERACTION_CREATE needs no intent: only bit 0 (GUILDS), which JDA always sends and names no GatewayIntent for
        assertThat(discord.identifiedIntents()).isEqualTo(1);
        assertThat(GatewayIntent.getIntents(discord.identifiedIntents())).isEmpty();
        assertThat(app.context().getRoute("api-http")).isNull();
        assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(URI.create(app.interactionsUrl()))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.bytes("discord/pun.json"))).build(),
                HttpResponse.BodyHandlers.ofString()))
                .as("no HTTP server: nothing unsigned can get in").isInstanceOf(ConnectException.class);
    }

    @Test
    void punIsAnsweredAtTheCallbackAndQueuedForVoice() throws Exception {
        ObjectNode pun = DiscordGatewayStandIn.fresh("pun");
        JsonNode answer = answerTo(pun);
        assertThat(answer.path("type").asInt()).isEqualTo(4);
        String text = answer.at("/data/content").asText();
        assertThat(text).startsWith("🌲 **Treant says:** ");
        JsonNode job = voiceJob(pun.path("id").asText());
        assertThat(text).endsWith(job.path("text").asText());
    }

    @Test
    void speakConfirmsAndQueuesTheText() throws Exception {
        ObjectNode speak = DiscordGatewayStandIn.fresh("speak");
        JsonNode answer = answerTo(speak);
        assertThat(answer.path("type").asInt()).isEqualTo(4);
        assertThat(voiceJob(speak.path("id").asText()).path("text").asText()).isEqualTo("For the Cenarion Circle!");
    }

    @Test
    void optionsTreantCannotActOnGetAnEphemeralAnswer() throws Exception {
        ObjectNode gold = DiscordGatewayStandIn.fresh("gold");
        Fixtures.firstOption(gold).put("value", 0);
        JsonNode answer = answerTo(gold);
        assertThat(answer.path("type").asInt()).isEqualTo(4);
        assertThat(answer.at("/data/flags").asInt()).as("ephemeral").isEqualTo(64);
    }

    @Test
    void goldIsDeferredThenTheWorkerEditsThePrice() throws Exception {
        ObjectNode gold = DiscordGatewayStandIn.fresh("gold");
        assertThat(answerTo(gold).toString()).isEqualTo("{\"type\":5}");
        assertThat(editOf(gold).path("embeds").path(0).path("description").asText()).contains("**5,000 gold** costs **$30.60**");
    }

    @Test
    void judgeIsDeferredThenTheWorkerEditsTheJudgment() throws Exception {
        ObjectNode judge = DiscordGatewayStandIn.fresh("judge");
        assertThat(answerTo(judge).toString()).isEqualTo("{\"type\":5}");
        assertThat(editOf(judge).path("embeds").path(0).path("title").asText()).isEqualTo("⚖️ Barkskin — Level 70 Night Elf Druid (41/20/0)");
    }

    @Test
    void realmAutocompleteIsAnsweredAtTheCallbackWithChoices() throws Exception {
        ObjectNode autocomplete = DiscordGatewayStandIn.fresh("judge-autocomplete-realm");
        JsonNode answer = answerTo(autocomplete);
        assertThat(answer.path("type").asInt()).isEqualTo(8);
        assertThat(answer.at("/data/choices").size()).isBetween(1, 25);
    }

    @Test
    void anUnknownCommandIsRefusedAsOverHttpAndGetsNoAnswer() throws Exception {
        ObjectNode unknown = DiscordGatewayStandIn.fresh("pun");
        ((ObjectNode) unknown.path("data").path("options").get(0)).put("name", "dance");
        String rejected = "treant_commands_seconds_count{command=\"other\",outcome=\"rejected\",stage=\"api\"}";
        double before = metric(rejected);
        discord.interaction(unknown);
        Await.until(Duration.ofSeconds(10), "the flow refused it (400)", () -> metric(rejected) == before + 1);
        assertThat(discord.callbacks(unknown.path("id").asText())).isEmpty();
    }

    @Test
    void afterAResumeWhatIsOlderThanDiscordsThreeSecondsIsLeftAloneAndTheNextIsAnswered() throws Exception {
        int identifies = discord.identifies();
        int resumes = discord.resumes();
        discord.dropSession();
        // created while the session was down, replayed at the RESUME: the user has long seen "interaction failed"
        ObjectNode missed = DiscordGatewayStandIn.at("pun", Instant.now().minusSeconds(10));
        discord.interaction(missed);
        Await.until(Duration.ofSeconds(60), "JDA resumed the session", () -> discord.resumes() == resumes + 1 && discord.connected());
        assertThat(discord.identifies()).as("resumed, not a new session").isEqualTo(identifies);

        assertThat(discord.deliveries(missed.path("id").asText())).as("delivered once the session was back").isEqualTo(1);

        ObjectNode next = DiscordGatewayStandIn.fresh("pun");
        assertThat(answerTo(next).path("type").asInt()).isEqualTo(4);
        assertThat(discord.callbacks(missed.path("id").asText())).isEmpty();
    }

    @Test
    void aLocalClockSecondsAheadOfDiscordsDropsNoInteraction() throws Exception {
        // this machine's clock 4 s ahead of Discord's, as Discord's answers show (their Date)
        discord.stubRest(-4);
        try (treant.testing.LogLines log = treant.testing.LogLines.of(treant.discord.DiscordClock.class)) {
            // created just now by Discord's clock: more than 4 s old by the local one
            ObjectNode pun = DiscordGatewayStandIn.at("pun", Instant.now().minusSeconds(4).plusMillis(100));
            assertThat(answerTo(pun).path("type").asInt()).isEqualTo(4);
            // read from the callback's answer, after Discord (the stand-in) has the callback
            Await.until(Duration.ofSeconds(5), "the WARN about the clock",
                    () -> log.lines().stream().anyMatch(l -> l.startsWith("WARN") && l.contains("ahead of Discord's")));
            // a replay is still one, by Discord's clock
            ObjectNode missed = DiscordGatewayStandIn.at("pun", Instant.now().minusSeconds(14));
            discord.interaction(missed);
            assertThat(answerTo(DiscordGatewayStandIn.at("pun", Instant.now().minusSeconds(4))).path("type").asInt()).isEqualTo(4);
            assertThat(discord.callbacks(missed.path("id").asText())).isEmpty();
        } finally {
            discord.stubRest(0);
        }
    }

    @Test
    void aGatewayOutageMakesTheProcessNotReadyUntilJdaIsBack() throws Exception {
        discord.outage(true);
        try {
            Await.until(Duration.ofSeconds(10), "readiness DOWN", () -> readiness().statusCode() == 503);
            assertThat(readiness().body()).contains("discord-gateway");
            assertThat(live().statusCode()).as("not a reason to restart").isEqualTo(200);
        } finally {
            discord.outage(false);
        }
        Await.until(Duration.ofSeconds(60), "ready again", () -> readiness().statusCode() == 200);
        assertThat(answerTo(DiscordGatewayStandIn.fresh("pun")).path("type").asInt()).isEqualTo(4);
    }

    @Test
    void aSlowCallbackHoldsUpNoOtherInteraction() throws Exception {
        ObjectNode slow = DiscordGatewayStandIn.fresh("pun");
        services.stub(post(urlPathEqualTo(API_PATH + "/interactions/" + slow.path("id").asText() + "/" + slow.path("token").asText()
                + "/callback")).atPriority(1).willReturn(aResponse().withStatus(204).withFixedDelay(2500)));
        ObjectNode quick = DiscordGatewayStandIn.fresh("pun");
        discord.interaction(slow);
        discord.interaction(quick);
        // bounded well below the slow one's 2.5 s: a door that answered one at a time would miss it
        Await.until(Duration.ofMillis(1500), "the quick interaction answered while the slow callback is pending",
                () -> !discord.callbacks(quick.path("id").asText()).isEmpty());
        Await.until(Duration.ofSeconds(10), "the slow callback", () -> !discord.callbacks(slow.path("id").asText()).isEmpty());
        Thread.sleep(500);
        assertThat(discord.callbacks(slow.path("id").asText())).as("sent once, never again").hasSize(1);
    }

    JsonNode answerTo(ObjectNode interaction) throws Exception {
        String id = interaction.path("id").asText();
        discord.interaction(interaction);
        Await.until(Duration.ofSeconds(10), "the callback of " + id, () -> !discord.callbacks(id).isEmpty());
        var callbacks = discord.callbacks(id);
        assertThat(callbacks).hasSize(1);
        assertThat(callbacks.getFirst().getUrl()).endsWith("/" + interaction.path("token").asText() + "/callback");
        assertThat(callbacks.getFirst().getHeader("Content-Type")).startsWith("application/json");
        return discord.callbackBody(id);
    }

    JsonNode editOf(ObjectNode interaction) throws Exception {
        String token = interaction.path("token").asText();
        Await.until(Duration.ofSeconds(30), "the worker's edit", () -> services.edits().stream().anyMatch(r -> r.getUrl().contains("/" + token + "/")));
        var edits = services.edits().stream().filter(r -> r.getUrl().contains("/" + token + "/")).toList();
        assertThat(edits).hasSize(1);
        return services.editJson(edits.getFirst());
    }

    JsonNode voiceJob(String interactionId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> messages = services.receive(queues.get("treant.sqs.voice-queue"), 1);
            for (Message m : messages) {
                JsonNode job = Fixtures.MAPPER.readTree(m.body());
                if (interactionId.equals(job.path("interactionId").asText())) {
                    return job;
                }
            }
        }
        throw new AssertionError("no voice job for " + interactionId);
    }

    static HttpResponse<String> readiness() {
        return get(app.healthUrl() + "/ready?data=true");
    }

    /** A counter of the Prometheus text (0 when absent). */
    static double metric(String series) {
        return get(app.healthUrl().replace("/health", "/metrics")).body().lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).findFirst().orElse(0);
    }

    static HttpResponse<String> live() {
        return get(app.healthUrl() + "/live");
    }

    static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(url + ": " + e, e);
        }
    }
}
