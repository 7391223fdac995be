package treant.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.hc.core5.http.HttpEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import treant.Json;
import treant.jobs.CommandJob;

/**
 * Route-level tests: the worker routes as loaded from routes/worker-*.yaml, with the SQS consumer
 * replaced by {@code direct:jobs} and every outside endpoint advised into a mock answering with
 * the fixtures. They assert what goes where.
 */
class WorkerRoutesTest {

    final ObjectMapper mapper = Json.newMapper();
    WorkerRuntime worker;
    ProducerTemplate jobs;

    @BeforeEach
    void start() throws Exception {
        Map<String, String> p = new HashMap<>();
        p.put("treant.sqs.endpoint", "http://127.0.0.1:9"); // never called: the queues are advised away
        p.put("treant.store", "embedded");
        p.put("treant.store.embedded-file", Files.createTempDirectory("treant-routes").resolve("treant").toString());
        p.put("treant.discord.api-url", "http://discord.test/api/v10");
        p.put("treant.worker.retry.initial-delay-ms", "10");
        p.put("treant.gemini.retry-delay-ms", "10");
        worker = WorkerRuntime.start(p, WorkerRoutesTest::adviseOutsideWorld);
        jobs = worker.context().createProducerTemplate();
        answer("mock:blizzard-oauth", 200, "blizzard/oauth-token.json");
        answer("mock:blizzard-equipment", 200, "blizzard/equipment-classicann-barkskin.json");
        answer("mock:gemini", 200, "gemini/generate-content-200.json");
        answer("mock:gold", 200, "gold/g2g-offer-200.json");
        answer("mock:discord", 200, "discord/edit-original-200.json");
    }

    static void adviseOutsideWorld(CamelContext c) throws Exception {
        AdviceWith.adviceWith(c, "worker-commands", a -> a.replaceFromWith("direct:jobs"));
        AdviceWith.adviceWith(c, "worker-judge", a -> {
            a.weaveByToUri("blizzard-http:oauth*").replace().to("mock:blizzard-oauth");
            a.weaveByToUri("blizzard-http:equipment*").replace().to("mock:blizzard-equipment");
        });
        AdviceWith.adviceWith(c, "worker-gemini", a -> a.weaveByToUri("gemini-http:*").replace().to("mock:gemini"));
        AdviceWith.adviceWith(c, "worker-gold", a -> a.weaveByToUri("gold-http:*").replace().to("mock:gold"));
        AdviceWith.adviceWith(c, "worker-discord-edit", a -> a.weaveByToUri("discord-http:*").replace().to("mock:discord"));
        AdviceWith.adviceWith(c, "worker-gold-voice", a -> a.weaveByToUri("aws2-sqs:*").replace().to("mock:voice"));
    }

    @AfterEach
    void stop() {
        worker.close();
    }

    MockEndpoint mock(String uri) {
        return worker.context().getEndpoint(uri, MockEndpoint.class);
    }

    void answer(String uri, int status, String fixture) {
        mock(uri).whenAnyExchangeReceived(e -> {
            e.getMessage().setBody(Fixtures.text(fixture));
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        });
    }

    CommandJob judge(String name) {
        return new CommandJob(1, "judge", WorkerServices.nextInteractionId(), "1318000000000000001", "tok",
                "1200000000000000001", "1200000000000000050", "1100000000000000777", null, name, null, Instant.now());
    }

    CommandJob gold(int amount) {
        return new CommandJob(1, "gold", WorkerServices.nextInteractionId(), "1318000000000000001", "tok",
                "1200000000000000001", "1200000000000000050", "1100000000000000777", amount, null, null, Instant.now());
    }

    void run(CommandJob job) throws Exception {
        jobs.sendBody("direct:jobs", mapper.writeValueAsString(job));
    }

    String sentBody(Exchange e) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        e.getMessage().getBody(HttpEntity.class).writeTo(out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void judgeGoesTokenEquipmentGeminiThenOneEdit() throws Exception {
        mock("mock:blizzard-oauth").expectedMessageCount(1);
        mock("mock:blizzard-equipment").expectedMessageCount(2);
        mock("mock:gemini").expectedMessageCount(2);
        mock("mock:discord").expectedMessageCount(2);
        CommandJob job = judge("Barkskin");
        run(job);
        run(judge("Barkskin"));
        MockEndpoint.assertIsSatisfied(worker.context());

        Exchange equipment = mock("mock:blizzard-equipment").getExchanges().get(0);
        assertThat(equipment.getMessage().getHeader("Authorization")).isEqualTo("Bearer USxq7c3bH1kE2m6Rr0fFq8yWbVn3zT5uJ");
        assertThat(equipment.getMessage().getHeader(Exchange.HTTP_URI, String.class))
                .endsWith("/profile/wow/character/dreamscythe/barkskin/equipment?namespace=profile-classicann-us&locale=en_US");
        Exchange gemini = mock("mock:gemini").getExchanges().get(0);
        assertThat(gemini.getMessage().getHeader(Exchange.HTTP_URI, String.class))
                .endsWith("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(gemini.getMessage().getHeader("x-goog-api-key")).isNotNull();

        Exchange edit = mock("mock:discord").getExchanges().get(0);
        assertThat(edit.getMessage().getHeader(Exchange.HTTP_METHOD, String.class)).isEqualTo("PATCH");
        assertThat(edit.getMessage().getHeader(Exchange.HTTP_URI, String.class))
                .isEqualTo("http://discord.test/api/v10/webhooks/1318000000000000001/tok/messages/@original");
        JsonNode embed = mapper.readTree(sentBody(edit)).path("embeds").path(0);
        assertThat(embed.path("title").asText()).isEqualTo("⚖️ Judgment for Barkskin (Dreamscythe)");
        assertThat(embed.path("fields").path(0).path("value").asText()).startsWith("**Estimated Avg Item Level**");
    }

    @Test
    void characterNotFoundSkipsGemini() throws Exception {
        answer("mock:blizzard-equipment", 404, "blizzard/character-not-found-404.json");
        mock("mock:gemini").expectedMessageCount(0);
        mock("mock:discord").expectedMessageCount(1);
        run(judge("Nobody"));
        MockEndpoint.assertIsSatisfied(worker.context());
        assertThat(mapper.readTree(sentBody(mock("mock:discord").getExchanges().get(0))).path("content").asText())
                .contains("No character named **Nobody**");
    }

    @Test
    void revokedBlizzardTokenIsForgottenAndTheJobLeftForRedelivery() throws Exception {
        answer("mock:blizzard-equipment", 401, "blizzard/oauth-invalid-client-401.json");
        CommandJob job = judge("Barkskin");
        Exchange first = jobs.send("direct:jobs", e -> e.getMessage().setBody(mapper.writeValueAsString(job)));
        assertThat(first.getException()).isInstanceOf(IllegalStateException.class);
        answer("mock:blizzard-equipment", 200, "blizzard/equipment-classicann-barkskin.json");
        run(job); // the redelivery
        assertThat(mock("mock:blizzard-oauth").getReceivedCounter()).as("a fresh token").isEqualTo(2);
        assertThat(mock("mock:discord").getReceivedCounter()).as("error answer, then the judgment").isEqualTo(2);
    }

    @Test
    void geminiFailureFallsBackToTheNote() throws Exception {
        mock("mock:gemini").whenAnyExchangeReceived(e -> {
            throw new java.net.SocketTimeoutException("Read timed out");
        });
        mock("mock:discord").expectedMessageCount(1);
        run(judge("Barkskin"));
        MockEndpoint.assertIsSatisfied(worker.context());
        JsonNode embed = mapper.readTree(sentBody(mock("mock:discord").getExchanges().get(0))).path("embeds").path(0);
        assertThat(embed.path("description").asText()).contains("Stormrage Cover");
        assertThat(embed.path("fields").path(0).path("value").asText()).contains("AI analysis unavailable");
    }

    @Test
    void goldEditsWithTheChartAndEnqueuesTheSpokenSummary() throws Exception {
        mock("mock:discord").expectedMessageCount(1);
        mock("mock:voice").expectedMessageCount(1);
        CommandJob job = gold(5000);
        run(job);
        MockEndpoint.assertIsSatisfied(worker.context());
        String multipart = sentBody(mock("mock:discord").getExchanges().get(0));
        assertThat(multipart).contains("name=\"payload_json\"").contains("name=\"files[0]\"; filename=\"gold-price.png\"")
                .contains("attachment://gold-price.png").contains("\u0089PNG".substring(1));
        JsonNode voice = mapper.readTree(mock("mock:voice").getExchanges().get(0).getMessage().getBody(String.class));
        assertThat(voice.path("interactionId").asText()).isEqualTo(job.interactionId());
        assertThat(voice.path("text").asText()).isEqualTo("Gold costs 0.0061 dollars each. 5000 gold cost 30.60 dollars.");
    }

    @Test
    void goldInADirectMessageIsNotSpoken() throws Exception {
        CommandJob dm = new CommandJob(1, "gold", WorkerServices.nextInteractionId(), "1318000000000000001", "tok",
                null, "1200000000000000050", "1100000000000000777", 1000, null, null, Instant.now());
        mock("mock:discord").expectedMessageCount(1);
        mock("mock:voice").expectedMessageCount(0);
        run(dm);
        MockEndpoint.assertIsSatisfied(worker.context());
    }

    @Test
    void aFailingVoiceQueueDoesNotUndoTheAnswer() throws Exception {
        mock("mock:voice").whenAnyExchangeReceived(e -> {
            throw new IllegalStateException("voice queue down");
        });
        mock("mock:discord").expectedMessageCount(1);
        run(gold(1000)); // completes: no exception reaches the consumer
        MockEndpoint.assertIsSatisfied(worker.context());
    }

    @Test
    void duplicateDeliveryIsAnsweredOnce() throws Exception {
        mock("mock:discord").expectedMessageCount(1);
        CommandJob job = judge("Barkskin");
        run(job);
        run(job);
        MockEndpoint.assertIsSatisfied(worker.context());
        mock("mock:discord").assertIsSatisfied(200);
    }

    @Test
    void expiredJobIsDroppedWithoutAnAnswer() throws Exception {
        CommandJob old = new CommandJob(1, "judge", WorkerServices.nextInteractionId(), "1318000000000000001", "tok",
                null, "c", "u", null, "Barkskin", null, Instant.now().minus(Duration.ofMinutes(15)).minusSeconds(1));
        mock("mock:blizzard-equipment").expectedMessageCount(0);
        mock("mock:discord").expectedMessageCount(0);
        run(old);
        MockEndpoint.assertIsSatisfied(worker.context());
    }

    @Test
    void unknownWebhookEndsTheJobQuietly() throws Exception {
        answer("mock:discord", 404, "discord/unknown-webhook-404.json");
        mock("mock:discord").expectedMessageCount(1);
        run(judge("Barkskin")); // no exception: the SQS message is acknowledged, nothing to retry
        MockEndpoint.assertIsSatisfied(worker.context());
    }

    @Test
    void failedJobIsAnsweredAndLeftForRedelivery() throws Exception {
        answer("mock:gold", 200, "gold/g2g-offer-missing-price.json");
        mock("mock:discord").expectedMessageCount(1);
        CommandJob job = gold(1000);
        Exchange result = jobs.send("direct:jobs", e -> e.getMessage().setBody(mapper.writeValueAsString(job)));
        assertThat(result.getException()).as("the consumer must see the failure").isInstanceOf(GoldPriceUnavailableException.class);
        MockEndpoint.assertIsSatisfied(worker.context());
        assertThat(mapper.readTree(sentBody(mock("mock:discord").getExchanges().get(0))).path("content").asText())
                .contains("did not give me a price");

        // the claim was released: the redelivery runs the job again
        answer("mock:gold", 200, "gold/g2g-offer-200.json");
        mock("mock:discord").reset();
        answer("mock:discord", 200, "discord/edit-original-200.json");
        mock("mock:discord").expectedMessageCount(1);
        run(job);
        MockEndpoint.assertIsSatisfied(worker.context());
    }
}
