package treant.worker;

import treant.testing.Fixtures;
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
import org.apache.camel.BeanInject;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import treant.testing.ConnectorAdvice;
import treant.testing.RoleRoutes;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.hc.core5.http.HttpEntity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import treant.Json;
import treant.jobs.CommandJob;
import treant.store.JobLedger;
import treant.testing.LogLines;
import org.apache.camel.model.IdempotentConsumerDefinition;

/**
 * Route-level tests: the worker's flows as loaded from its routes/*.camel.yaml files (no SQS door:
 * jobs go straight into {@code direct:command-job}), every outside call advised into a mock
 * answering with the fixtures. They assert what goes where.
 */
@CamelMainTest(
        properties = {
            "treant.sqs.endpoint=http://127.0.0.1:9", // never called: the voice queue is a mock here
            "treant.store=embedded",
            "treant.store.embedded-file=./target/worker-routes-test/treant",
            "treant.worker.retry.initial-delay-ms=10",
            "treant.gemini.retry-delay-ms=10",
            "treant.gemini.api-key=test-gemini-key",
            // a job held by another run: asked again once, at once, then left to SQS
            "treant.worker.claim-retries=1",
            "treant.worker.claim-retry-delay-ms=10",
        },
        advices = {
            @AdviceRouteMapping(route = "worker-gold-voice", advice = WorkerRoutesTest.OutsideWorld.class),
        })
class WorkerRoutesTest {

    /**
     * Each outside call (by its step id) into a mock; applied to every route that has one of them. A
     * Blizzard connector's GET goes to the mock named after its route (worker-blizzard-equipment: mock:blizzard-equipment, …).
     */
    public static class OutsideWorld extends AdviceWithRouteBuilder {
        @Override
        public void configure() throws Exception {
            advise(this);
        }

        static void advise(AdviceWithRouteBuilder a) throws Exception {
            String route = a.getOriginalRoute().getRouteId();
            Map<String, String> calls = Map.of("blizzard-token-call", "mock:blizzard-oauth", "blizzard-call", "mock:" + route.replace("worker-", ""),
                    "gemini-call", "mock:gemini",
                    "gold-offer-call", "mock:gold", "discord-edit-call", "mock:discord", "worker-to-voice-queue", "mock:voice");
            for (Map.Entry<String, String> call : calls.entrySet()) {
                if (a.getOriginalRoute().getOutputs().stream().anyMatch(o -> hasStep(o, call.getKey()))) {
                    a.weaveById(call.getKey()).replace().to(call.getValue());
                }
            }
        }

        static boolean hasStep(org.apache.camel.model.ProcessorDefinition<?> step, String id) {
            return id.equals(step.getId()) || step.getOutputs().stream().anyMatch(o -> hasStep(o, id));
        }
    }

    @Configure
    protected void configure(MainConfigurationProperties main) {
        RoleRoutes.flowsOf(main, "worker");
    }

    final ObjectMapper mapper = Json.newMapper();

    @BeanInject
    CamelContext context;

    @BeanInject
    ProducerTemplate jobs;

    @BeforeEach
    void fixtures() throws Exception {
        ConnectorAdvice.advise(context, OutsideWorld::advise, "worker-blizzard-equipment", "worker-blizzard-profile", "worker-blizzard-media",
                "worker-blizzard-specializations", "worker-gemini-generate", "worker-gold-price", "worker-discord-webhook");
        MockEndpoint.resetMocks(context);
        answer("mock:blizzard-oauth", 200, "blizzard/oauth-token.json");
        answer("mock:blizzard-equipment", 200, "blizzard/equipment-classicann-barkskin.json");
        answer("mock:blizzard-profile", 200, "blizzard/character-profile-classicann-barkskin.json");
        answer("mock:blizzard-media", 200, "blizzard/character-media-classicann-barkskin.json");
        answer("mock:blizzard-specializations", 200, "blizzard/specializations-classicann-barkskin.json");
        answer("mock:gemini", 200, "gemini/generate-content-structured-200.json");
        answer("mock:gold", 200, "gold/g2g-offer-200.json");
        answer("mock:discord", 200, "discord/edit-original-200.json");
    }

    MockEndpoint mock(String uri) {
        return context.getEndpoint(uri, MockEndpoint.class);
    }

    void answer(String uri, int status, String fixture) {
        mock(uri).whenAnyExchangeReceived(Fixtures.httpAnswer(status, fixture));
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
        jobs.sendBody("direct:command-job", mapper.writeValueAsString(job));
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
        MockEndpoint.assertIsSatisfied(context);

        Exchange equipment = mock("mock:blizzard-equipment").getExchanges().get(0);
        assertThat(equipment.getMessage().getHeader("Authorization")).isEqualTo("Bearer USxq7c3bH1kE2m6Rr0fFq8yWbVn3zT5uJ");
        assertThat(equipment.getVariable("blizzardPath")).isEqualTo("/profile/wow/character/dreamscythe/barkskin/equipment");
        assertThat(equipment.getMessage().getHeader(Exchange.HTTP_METHOD, String.class)).isEqualTo("GET");
        Exchange gemini = mock("mock:gemini").getExchanges().get(0);
        assertThat(gemini.getMessage().getHeader("x-goog-api-key")).isNotNull();

        Exchange edit = mock("mock:discord").getExchanges().get(0);
        assertThat(edit.getMessage().getHeader(Exchange.HTTP_METHOD, String.class)).isEqualTo("PATCH");
        JsonNode embed = mapper.readTree(sentBody(edit)).path("embeds").path(0);
        assertThat(embed.path("title").asText()).isEqualTo("⚖️ Barkskin — Level 70 Night Elf Druid (41/20/0)");
        assertThat(embed.path("thumbnail").path("url").asText()).endsWith("40123456-avatar.jpg");
        assertThat(embed.path("fields").path(3).path("name").asText()).isEqualTo("🔮 Verdict: 3/10");
        // the four character calls share the job's token and path
        for (String call : new String[] {"mock:blizzard-profile", "mock:blizzard-media", "mock:blizzard-specializations"}) {
            Exchange e = mock(call).getExchanges().get(0);
            assertThat(e.getMessage().getHeader("Authorization")).isEqualTo("Bearer USxq7c3bH1kE2m6Rr0fFq8yWbVn3zT5uJ");
            assertThat(e.getVariable("blizzardPath", String.class)).startsWith("/profile/wow/character/dreamscythe/barkskin");
        }
    }

    @Test
    void theOptionalCallsFailingNeverHoldBackTheGear() throws Exception {
        answer("mock:blizzard-profile", 503, "blizzard/character-not-found-404.json");
        mock("mock:blizzard-media").whenAnyExchangeReceived(e -> {
            throw new java.net.SocketTimeoutException("Read timed out");
        });
        answer("mock:blizzard-specializations", 404, "blizzard/character-not-found-404.json");
        mock("mock:discord").expectedMessageCount(1);
        CommandJob job = judge("Barkskin");
        Exchange result = jobs.send("direct:command-job", e -> e.getMessage().setBody(mapper.writeValueAsString(job)));
        assertThat(result.getException()).isNull();
        MockEndpoint.assertIsSatisfied(context);
        assertThat(ledger().isDone(job.interactionId())).as("answered: marked done, not released").isTrue();
        assertThat(mock("mock:blizzard-profile").getReceivedCounter()).as("optional: not retried").isEqualTo(1);
        JsonNode embed = mapper.readTree(sentBody(mock("mock:discord").getExchanges().get(0))).path("embeds").path(0);
        assertThat(embed.path("title").asText()).isEqualTo("⚖️ Judgment for Barkskin (Dreamscythe)");
        assertThat(embed.path("description").asText()).contains("Stormrage Cover");
        assertThat(embed.has("thumbnail")).isFalse();
    }

    @Test
    void gearThatFailsForGoodIsAnsweredOnceAndLeftForRedelivery() throws Exception {
        mock("mock:blizzard-equipment").whenAnyExchangeReceived(e -> {
            throw new org.apache.camel.http.base.HttpOperationFailedException("http://b/equipment", 503, "", null, Map.of(), "");
        });
        mock("mock:discord").expectedMessageCount(1);
        Exchange result = jobs.send("direct:command-job", e -> e.getMessage().setBody(mapper.writeValueAsString(judge("Barkskin"))));
        assertThat(result.getException()).isNotNull();
        MockEndpoint.assertIsSatisfied(context);
        mock("mock:discord").assertIsSatisfied(300);
        assertThat(mock("mock:blizzard-equipment").getReceivedCounter()).as("1 + 3 retries").isEqualTo(4);
        assertThat(sentBody(mock("mock:discord").getExchanges().get(0))).contains("went wrong");
    }

    @Test
    void characterNotFoundSkipsGemini() throws Exception {
        answer("mock:blizzard-equipment", 404, "blizzard/character-not-found-404.json");
        mock("mock:gemini").expectedMessageCount(0);
        mock("mock:discord").expectedMessageCount(1);
        run(judge("Nobody"));
        MockEndpoint.assertIsSatisfied(context);
        assertThat(mapper.readTree(sentBody(mock("mock:discord").getExchanges().get(0))).path("content").asText())
                .contains("No character named **Nobody**");
    }

    @Test
    void revokedBlizzardTokenIsRenewedAtOnceInsideTheJob() throws Exception {
        mock("mock:blizzard-equipment").whenExchangeReceived(1, e -> {
            e.getMessage().setBody(Fixtures.text("blizzard/oauth-invalid-client-401.json"));
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 401);
        });
        mock("mock:discord").expectedMessageCount(1);
        Exchange result = jobs.send("direct:command-job", e -> e.getMessage().setBody(mapper.writeValueAsString(judge("Barkskin"))));
        assertThat(result.getException()).as("no redelivery needed").isNull();
        MockEndpoint.assertIsSatisfied(context);
        assertThat(mock("mock:blizzard-oauth").getReceivedCounter()).as("a fresh token").isEqualTo(2);
        assertThat(mock("mock:blizzard-equipment").getReceivedCounter()).isEqualTo(2);
        assertThat(mapper.readTree(sentBody(mock("mock:discord").getExchanges().get(0))).path("embeds").path(0)
                .path("title").asText()).isEqualTo("⚖️ Barkskin — Level 70 Night Elf Druid (41/20/0)");
    }

    @Test
    void aTokenRefusedTwiceIsAFailureLeftForRedelivery() throws Exception {
        answer("mock:blizzard-equipment", 401, "blizzard/oauth-invalid-client-401.json");
        Exchange result = jobs.send("direct:command-job", e -> e.getMessage().setBody(mapper.writeValueAsString(judge("Barkskin"))));
        assertThat(result.getException()).isInstanceOf(IllegalStateException.class).hasMessageContaining("treant.blizzard.client-id");
        assertThat(mock("mock:blizzard-equipment").getReceivedCounter()).as("tried once more, not forever").isEqualTo(2);
    }

    JobLedger ledger() {
        return context.getRegistry().lookupByNameAndType("store", JobLedger.class);
    }

    @Test
    void aFailureAfterTheAnswerIsLoggedAndAcknowledgedNotAnsweredAgain() throws Exception {
        // the store goes down right after the edit: the job cannot be marked done
        mock("mock:discord").whenAnyExchangeReceived(e -> {
            Fixtures.httpAnswer(200, "discord/edit-original-200.json").process(e);
            context.getRegistry().lookupByNameAndType("store", AutoCloseable.class).close();
        });
        mock("mock:discord").expectedMessageCount(1);
        CommandJob job = gold(1000);
        try (LogLines log = LogLines.of(JobClaims.class)) {
            Exchange result = jobs.send("direct:command-job", e -> e.getMessage().setBody(mapper.writeValueAsString(job)));
            assertThat(result.getException()).as("the door acknowledges").isNull();
            assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains(job.interactionId())
                    && l.contains("was answered, then failed to be marked done") && l.contains("acknowledged"));
        }
        MockEndpoint.assertIsSatisfied(context);
        mock("mock:discord").assertIsSatisfied(200);
        assertThat(sentBody(mock("mock:discord").getExchanges().get(0))).as("the answer (the chart), not an error over it")
                .contains("filename=\"gold-price.png\"").doesNotContain("went wrong");
    }

    @Test
    void theCommandFlowIsTheIdempotentConsumerOverTheJobLedger() {
        var route = ((org.apache.camel.model.ModelCamelContext) context).getRouteDefinition("worker-command-job");
        var eip = route.getOutputs().stream().filter(IdempotentConsumerDefinition.class::isInstance)
                .map(IdempotentConsumerDefinition.class::cast).findFirst().orElseThrow();
        assertThat(eip.getIdempotentRepository()).isEqualTo("jobClaims");
        assertThat(eip.getCompletionEager()).as("done as soon as the command ends").isEqualTo("true");
        // the repository needs the defaults: claimed before the command (eager), released when it fails
        assertThat(eip.getEager()).isNotEqualTo("false");
        assertThat(eip.getRemoveOnFailure()).isNotEqualTo("false");
        assertThat(eip.getSkipDuplicate()).isNotEqualTo("false");
        assertThat(context.getRegistry().lookupByName("jobClaims")).isInstanceOf(JobClaims.class);
    }

    @Test
    void aDuplicateOfAnAnsweredJobIsDroppedWithALogLine() throws Exception {
        mock("mock:discord").expectedMessageCount(1);
        CommandJob job = gold(1000);
        run(job);
        assertThat(ledger().isDone(job.interactionId())).as("confirmed: marked done").isTrue();
        // the route's log steps log under its id, at INFO (the tests' root logger shows WARN and above)
        org.apache.logging.log4j.core.config.Configurator.setLevel("worker-command-job", org.apache.logging.log4j.Level.INFO);
        try (LogLines log = LogLines.under("worker-command-job")) {
            Exchange again = jobs.send("direct:command-job", e -> e.getMessage().setBody(mapper.writeValueAsString(job)));
            assertThat(again.getException()).as("acknowledged").isNull();
            assertThat(again.getProperty(Exchange.DUPLICATE_MESSAGE, Boolean.class)).isTrue();
            assertThat(log.lines()).anyMatch(l -> l.startsWith("INFO") && l.contains(job.interactionId())
                    && l.contains("already answered (duplicate delivery); dropped"));
        } finally {
            org.apache.logging.log4j.core.config.Configurator.setLevel("worker-command-job", (org.apache.logging.log4j.Level) null);
        }
        MockEndpoint.assertIsSatisfied(context);
        assertThat(mock("mock:gold").getReceivedCounter()).as("run once").isEqualTo(1);
    }

    @Test
    void aJobHeldByAnotherLiveRunIsLeftForRedeliveryThenRunOnceFree() throws Exception {
        CommandJob job = gold(1000);
        assertThat(ledger().claim(job.interactionId(), "another-worker", Instant.now(), Duration.ofMinutes(1))).isTrue();
        mock("mock:gold").expectedMessageCount(0);
        mock("mock:discord").expectedMessageCount(0);
        Exchange held = jobs.send("direct:command-job", e -> e.getMessage().setBody(mapper.writeValueAsString(job)));
        assertThat(held.getException()).as("not acknowledged: SQS shows it again later")
                .isInstanceOf(JobHeldElsewhereException.class);
        assertThat(held.getProperty(Exchange.DUPLICATE_MESSAGE)).as("not a duplicate").isNull();
        MockEndpoint.assertIsSatisfied(context);

        // the other run failed and gave it back: the redelivery runs it
        ledger().release(job.interactionId(), "another-worker");
        MockEndpoint.resetMocks(context);
        fixtures();
        mock("mock:discord").expectedMessageCount(1);
        run(job);
        MockEndpoint.assertIsSatisfied(context);
        assertThat(ledger().isDone(job.interactionId())).isTrue();
    }

    @Test
    void theEipReleasesAFailedJobWithoutTheErrorPathsOwnRelease() throws Exception {
        AdviceWith.adviceWith(context, "worker-job-failed",
                a -> a.weaveByToString("Bean\\[.*method:release.*").remove());
        answer("mock:gold", 200, "gold/g2g-offer-missing-price.json");
        CommandJob job = gold(1000);
        Exchange failed = jobs.send("direct:command-job", e -> e.getMessage().setBody(mapper.writeValueAsString(job)));
        assertThat(failed.getException()).isInstanceOf(GoldPriceUnavailableException.class);
        assertThat(ledger().isDone(job.interactionId())).isFalse();
        assertThat(ledger().claim(job.interactionId(), "next-delivery", Instant.now(), Duration.ofMinutes(1)))
                .as("removeOnFailure released it").isTrue();
    }

    @Test
    void geminiFailureFallsBackToTheNote() throws Exception {
        mock("mock:gemini").whenAnyExchangeReceived(e -> {
            throw new java.net.SocketTimeoutException("Read timed out");
        });
        mock("mock:discord").expectedMessageCount(1);
        run(judge("Barkskin"));
        MockEndpoint.assertIsSatisfied(context);
        JsonNode embed = mapper.readTree(sentBody(mock("mock:discord").getExchanges().get(0))).path("embeds").path(0);
        assertThat(embed.path("description").asText()).contains("Stormrage Cover");
        assertThat(embed.path("fields").path(3).path("name").asText()).isEqualTo(JudgeMessage.AI_FIELD);
        assertThat(embed.path("fields").path(3).path("value").asText()).contains("AI analysis unavailable");
    }

    @Test
    void goldEditsWithTheChartAndEnqueuesTheSpokenSummary() throws Exception {
        mock("mock:discord").expectedMessageCount(1);
        mock("mock:voice").expectedMessageCount(1);
        CommandJob job = gold(5000);
        run(job);
        MockEndpoint.assertIsSatisfied(context);
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
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void aFailingVoiceQueueDoesNotUndoTheAnswer() throws Exception {
        mock("mock:voice").whenAnyExchangeReceived(e -> {
            throw new IllegalStateException("voice queue down");
        });
        mock("mock:discord").expectedMessageCount(1);
        CommandJob job = gold(1000);
        run(job); // completes: no exception reaches the consumer
        MockEndpoint.assertIsSatisfied(context);
        assertThat(ledger().isDone(job.interactionId())).as("answered: marked done, not released").isTrue();
    }

    @Test
    void duplicateDeliveryIsAnsweredOnce() throws Exception {
        mock("mock:discord").expectedMessageCount(1);
        CommandJob job = judge("Barkskin");
        run(job);
        run(job);
        MockEndpoint.assertIsSatisfied(context);
        mock("mock:discord").assertIsSatisfied(200);
    }

    @Test
    void expiredJobIsDroppedWithoutAnAnswer() throws Exception {
        CommandJob old = new CommandJob(1, "judge", WorkerServices.nextInteractionId(), "1318000000000000001", "tok",
                null, "1200000000000000050", "1100000000000000777", null, "Barkskin", null,
                Instant.now().minus(Duration.ofMinutes(15)).minusSeconds(1));
        mock("mock:blizzard-equipment").expectedMessageCount(0);
        mock("mock:discord").expectedMessageCount(0);
        double before = gaveUp("judge");
        run(old);
        MockEndpoint.assertIsSatisfied(context);
        assertThat(gaveUp("judge")).as("counted, not only logged").isEqualTo(before + 1);
    }

    double gaveUp(String command) {
        var counter = context.getRegistry().findSingleByType(io.micrometer.core.instrument.MeterRegistry.class)
                .find(treant.metrics.CountGaveUpJobs.COUNTER).tag("command", command).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void unknownWebhookEndsTheJobQuietly() throws Exception {
        answer("mock:discord", 404, "discord/unknown-webhook-404.json");
        mock("mock:discord").expectedMessageCount(1);
        run(judge("Barkskin")); // no exception: the SQS message is acknowledged, nothing to retry
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void failedJobIsAnsweredAndLeftForRedelivery() throws Exception {
        answer("mock:gold", 200, "gold/g2g-offer-missing-price.json");
        mock("mock:discord").expectedMessageCount(1);
        CommandJob job = gold(1000);
        Exchange result = jobs.send("direct:command-job", e -> e.getMessage().setBody(mapper.writeValueAsString(job)));
        assertThat(result.getException()).as("the consumer must see the failure").isInstanceOf(GoldPriceUnavailableException.class);
        MockEndpoint.assertIsSatisfied(context);
        assertThat(mapper.readTree(sentBody(mock("mock:discord").getExchanges().get(0))).path("content").asText())
                .contains("did not give me a price");

        // the claim was released: the redelivery runs the job again
        answer("mock:gold", 200, "gold/g2g-offer-200.json");
        mock("mock:discord").reset();
        answer("mock:discord", 200, "discord/edit-original-200.json");
        mock("mock:discord").expectedMessageCount(1);
        run(job);
        MockEndpoint.assertIsSatisfied(context);
    }
}
