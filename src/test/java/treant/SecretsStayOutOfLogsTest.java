package treant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static treant.worker.WorkerServices.APP;
import static treant.worker.WorkerServices.EQUIPMENT_PATH;
import static treant.worker.WorkerServices.OFFER_PATH;
import static treant.worker.WorkerServices.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.junit.jupiter.api.Test;
import treant.jobs.CommandJob;
import treant.testing.Await;
import treant.testing.DiscordSigner;
import treant.testing.Fixtures;
import treant.testing.SignedClient;
import treant.testing.TreantApp;
import treant.worker.WorkerServices;

/**
 * No log line carries an interaction token, a key or a secret. The worker and the api run the
 * failure scenarios (Discord 429, 5xx and 404, Blizzard 401, Gemini 4xx and 5xx, the store and
 * SQS unreachable) while every line logged at the shipped level goes through the shipped layouts
 * (log4j2.properties, text and JSON); then every line is scanned for every secret in play.
 */
class SecretsStayOutOfLogsTest {

    static final String GEMINI_KEY = "AIzaSyGeminiKey" + alnum();
    static final String BLIZZARD_SECRET = "blizzardSecret" + alnum();
    /** The access token the Blizzard fixture hands out. */
    static final String BLIZZARD_ACCESS_TOKEN = "USxq7c3bH1kE2m6Rr0fFq8yWbVn3zT5uJ";

    final List<String> secrets = new ArrayList<>(List.of(GEMINI_KEY, BLIZZARD_SECRET, BLIZZARD_ACCESS_TOKEN));

    static String alnum() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** A job whose interaction token looks like Discord's and is remembered as a secret. */
    CommandJob job(String command, Integer amount, String character) {
        String token = "aW50ZXJhY3Rpb246" + alnum() + alnum();
        secrets.add(token);
        return new CommandJob(1, command, WorkerServices.nextInteractionId(), APP, token, "1200000000000000001",
                "1200000000000000050", "1100000000000000777", amount, character, null, Instant.now());
    }

    static String editPath(CommandJob job) {
        return "/discord/api/v10/webhooks/" + APP + "/" + job.token() + "/messages/@original";
    }

    @Test
    void noFailureScenarioLogsATokenKeyOrSecret() throws Exception {
        StringWriter text = new StringWriter();
        StringWriter jsonLines = new StringWriter();
        try (Capture ignored = new Capture(Map.of("text", text, "json", jsonLines));
             WorkerServices services = new WorkerServices().start(true)) {
            services.dynalite.createTable("Secrets");
            services.stubHappyPath();
            Map<String, String> props = services.workerProperties(services.freshQueues(5, 2), "dynamodb", "Secrets");
            props.put("treant.gemini.api-key", GEMINI_KEY);
            props.put("treant.blizzard.client-secret", BLIZZARD_SECRET);
            String queue = props.get("treant.sqs.command-queue");

            try (TreantApp worker = TreantApp.start("worker", props)) {
                // Discord: 429 once, then the edit lands
                CommandJob limited = job("gold", 100, null);
                services.stub(patch(urlPathEqualTo(editPath(limited))).atPriority(1).inScenario("429")
                        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ok")
                        .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                                .withBody("{\"message\":\"You are being rate limited.\",\"retry_after\":0.05,\"global\":false}")));
                services.send(queue, limited);
                awaitEdits(services, limited, 2);

                // Discord: 5xx on every attempt, the error message too
                CommandJob broken = job("gold", 200, null);
                services.stub(patch(urlPathEqualTo(editPath(broken))).atPriority(1).willReturn(aResponse().withStatus(503)));
                services.send(queue, broken);
                awaitEdits(services, broken, 8);

                // Discord: 404, the interaction is gone
                CommandJob gone = job("gold", 300, null);
                services.stub(patch(urlPathEqualTo(editPath(gone))).atPriority(1)
                        .willReturn(json(404, "discord/unknown-webhook-404.json")));
                services.send(queue, gone);
                awaitEdits(services, gone, 1);

                // Gemini: 400, then 500 (the gear goes out without the critique)
                services.stub(post(urlPathMatching("/v1beta/models/.*")).atPriority(1)
                        .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                                .withBody("{\"error\":{\"code\":400,\"message\":\"API key not valid.\",\"status\":\"INVALID_ARGUMENT\"}}")));
                CommandJob judged = job("judge", null, "Barkskin");
                services.send(queue, judged);
                awaitEdits(services, judged, 1);
                services.stub(post(urlPathMatching("/v1beta/models/.*")).atPriority(1).willReturn(aResponse().withStatus(500)));
                CommandJob judgedAgain = job("judge", null, "Barkskin");
                services.send(queue, judgedAgain);
                awaitEdits(services, judgedAgain, 1);

                // Blizzard: the token refused, even a fresh one
                services.stub(get(urlPathEqualTo(EQUIPMENT_PATH.formatted("barkskin"))).atPriority(1)
                        .willReturn(aResponse().withStatus(401)));
                CommandJob refused = job("judge", null, "Barkskin");
                services.send(queue, refused);
                awaitEdits(services, refused, 1);
                services.stubHappyPath();
            }

            // the store unreachable: every claim fails
            Map<String, String> noStore = new HashMap<>(props);
            noStore.put("treant.dynamodb.endpoint", "http://127.0.0.1:" + TreantApp.freePort());
            noStore.putAll(services.freshQueues(5, 2));
            try (TreantApp worker = TreantApp.start("worker", noStore)) {
                CommandJob stranded = job("gold", 400, null);
                services.send(noStore.get("treant.sqs.command-queue"), stranded);
                Await.until(Duration.ofSeconds(30), "the store failure logged",
                        () -> text.toString().contains(stranded.interactionId()) && text.toString().contains("ERROR"));
            }

            // the api with SQS unreachable: the user still gets an answer
            DiscordSigner signer = new DiscordSigner();
            try (TreantApp api = TreantApp.start("api", Map.of("treant.discord.public-key", signer.publicKeyHex(),
                    "treant.sqs.endpoint", "http://127.0.0.1:" + TreantApp.freePort(),
                    "treant.blizzard.client-id", "test-client", "treant.blizzard.client-secret", BLIZZARD_SECRET,
                    "treant.store", "embedded", "treant.store.embedded-file",
                    java.nio.file.Files.createTempDirectory("treant-api").resolve("treant").toString()))) {
                ObjectNode judge = Fixtures.tree("judge");
                secrets.add(judge.get("token").asText());
                var reply = new SignedClient(api.interactionsUrl(), signer).send(Fixtures.toBytes(judge));
                assertThat(reply.body()).contains("could not take that command");
            }
        }

        String logged = text + "\n" + jsonLines;
        assertThat(logged).as("the scenarios ran and were logged").contains("503").contains("429")
                .contains("Discord no longer knows this interaction").contains("Blizzard refused a fresh token")
                .contains("not accepted");
        for (String line : logged.split("\n")) {
            for (String secret : secrets) {
                assertThat(line).as("a logged line").doesNotContain(secret);
            }
        }
    }

    static void awaitEdits(WorkerServices services, CommandJob job, int count) throws Exception {
        Await.until(Duration.ofSeconds(30), count + " edit attempts of " + job.interactionId(), () ->
                services.wiremock.findAll(patchRequestedFor(urlPathEqualTo(editPath(job)))).size() >= count);
        Thread.sleep(300); // what the worker logs after the last attempt
    }

    /** Adds appenders with the shipped layouts to the running log4j and lowers the root to the shipped level. */
    static final class Capture implements AutoCloseable {
        private final Configuration running = ((LoggerContext) LogManager.getContext(false)).getConfiguration();
        private final Level rootLevel = running.getRootLogger().getLevel();
        private final List<WriterAppender> appenders = new ArrayList<>();

        Capture(Map<String, StringWriter> targets) throws Exception {
            URI shippedConfig = SecretsStayOutOfLogsTest.class.getClassLoader().getResource("log4j2.properties").toURI();
            for (Map.Entry<String, StringWriter> target : targets.entrySet()) {
                System.setProperty("treant.log.format", target.getKey());
                LoggerContext shipped = new LoggerContext("shipped-" + target.getKey());
                shipped.setConfigLocation(shippedConfig);
                Layout<?> layout = shipped.getConfiguration().getAppender(target.getKey()).getLayout();
                WriterAppender appender = WriterAppender.newBuilder().setName("scan-" + target.getKey())
                        .setLayout(layout).setTarget(target.getValue()).build();
                appender.start();
                running.addAppender(appender);
                running.getRootLogger().addAppender(appender, Level.INFO, null);
                appenders.add(appender);
            }
            System.clearProperty("treant.log.format");
            running.getRootLogger().setLevel(Level.INFO);
            ((LoggerContext) LogManager.getContext(false)).updateLoggers();
        }

        @Override
        public void close() {
            for (WriterAppender appender : appenders) {
                running.getRootLogger().removeAppender(appender.getName());
                appender.stop();
            }
            running.getRootLogger().setLevel(rootLevel);
            ((LoggerContext) LogManager.getContext(false)).updateLoggers();
        }
    }
}
