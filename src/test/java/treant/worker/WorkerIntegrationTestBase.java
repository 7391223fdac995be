package treant.worker;

import treant.testing.TreantApp;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static treant.worker.WorkerServices.EDIT_PATH;
import static treant.worker.WorkerServices.EQUIPMENT_PATH;
import static treant.worker.WorkerServices.GEMINI_PATH;
import static treant.worker.WorkerServices.OFFER_PATH;
import static treant.worker.WorkerServices.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import treant.jobs.CommandJob;
import treant.store.GoldPriceHistory;
import treant.store.JobLedger;
import treant.testing.Await;
import treant.testing.Fixtures;
import treant.testing.LogLines;

/**
 * The worker end to end against real-protocol servers: jobs go into ElasticMQ, the worker's routes
 * consume them and talk to WireMock (Discord, Blizzard, Gemini, marketplace) and to the store.
 * Subclasses run every test against one store (embedded H2 file, DynamoDB via dynalite).
 */
abstract class WorkerIntegrationTestBase {

    static final Duration WAIT = Duration.ofSeconds(20);
    static WorkerServices services;
    static int tables;

    Map<String, String> queues;
    String storeName;
    final List<TreantApp> workers = new ArrayList<>();

    /** {@code embedded} or {@code dynamodb} */
    abstract String store();

    @BeforeAll
    static void startServices() throws Exception {
        services = new WorkerServices().start(true);
    }

    @AfterAll
    static void stopServices() throws Exception {
        services.close();
    }

    @BeforeEach
    void freshQueuesAndStore() throws Exception {
        services.stubHappyPath();
        queues = services.freshQueues(2, 2);
        if (store().equals("embedded")) {
            storeName = Files.createTempDirectory("treant-it").resolve("treant").toString();
        } else {
            storeName = "GoldPriceHistory" + (++tables);
            services.dynalite.createTable(storeName);
        }
    }

    @AfterEach
    void stopWorkers() throws Exception {
        for (TreantApp w : workers) {
            w.close();
        }
        workers.clear();
    }

    TreantApp startWorker() throws Exception {
        return startWorker(Map.of());
    }

    TreantApp startWorker(Map<String, String> settings) throws Exception {
        Map<String, String> p = services.workerProperties(queues, store(), storeName);
        p.putAll(settings);
        TreantApp w = TreantApp.start("worker", p);
        workers.add(w);
        return w;
    }

    /** A 1-second claim lease; a claimed job is asked for again every second, four times. */
    static final Map<String, String> SHORT_LEASE = Map.of("treant.worker.claim-lease-seconds", "1",
            "treant.worker.claim-retry-delay-ms", "1000", "treant.worker.claim-retries", "4");

    String commandQueue() {
        return queues.get("treant.sqs.command-queue");
    }

    JsonNode awaitSingleEdit(CommandJob job) throws Exception {
        Await.until(WAIT, "the PATCH of " + job.interactionId(), () -> !services.editsFor(job).isEmpty());
        List<LoggedRequest> edits = services.editsFor(job);
        assertThat(edits).hasSize(1);
        return services.editJson(edits.get(0));
    }

    /** The field named {@code name}, or a missing node. */
    static JsonNode field(JsonNode embed, String name) {
        for (JsonNode f : embed.path("fields")) {
            if (f.path("name").asText().equals(name)) {
                return f;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    CommandJob judgeBarkskin() throws Exception {
        startWorker();
        CommandJob job = services.judgeJob("Barkskin");
        services.send(commandQueue(), job);
        return job;
    }

    int geminiCalls() {
        return services.wiremock.findAll(postRequestedFor(urlPathEqualTo(GEMINI_PATH))).size();
    }

    @Test
    void judgeAnswersWithTheFullCardAndTheStructuredCritique() throws Exception {
        CommandJob job = judgeBarkskin();
        JsonNode edit = awaitSingleEdit(job);
        JsonNode embed = edit.path("embeds").path(0);
        assertThat(embed.path("title").asText()).isEqualTo("⚖️ Barkskin — Level 70 Night Elf Druid (41/20/0)");
        assertThat(embed.path("thumbnail").path("url").asText())
                .isEqualTo("https://render.worldofwarcraft.com/classicann-us/character/dreamscythe/64/40123456-avatar.jpg");
        assertThat(embed.path("color").asInt()).isEqualTo(0xFFD700);
        assertThat(embed.path("description").asText())
                .contains("🟪 **Head:** [Stormrage Cover](<https://www.wowhead.com/tbc/item=16900>) · Epic · ilvl 76")
                .hasLineCount(17);
        assertThat(field(embed, "Guild").path("value").asText()).isEqualTo("<Grove Wardens>");
        assertThat(field(embed, "Item level").path("value").asText()).isEqualTo("73 average · 72 equipped");
        assertThat(field(embed, "🔮 Verdict: 3/10").path("value").asText()).startsWith("Hrrm. A level-70 moonkin");
        assertThat(field(embed, "⬆️ Upgrades").path("value").asText().split("\n")).hasSize(3);
        assertThat(field(embed, "🪓 Problems").path("value").asText()).contains("No enchants or gems anywhere.");

        for (String path : List.of(EQUIPMENT_PATH, WorkerServices.CHARACTER_PATH, WorkerServices.MEDIA_PATH,
                WorkerServices.SPECIALIZATIONS_PATH)) {
            LoggedRequest call = services.wiremock.findAll(getRequestedFor(urlPathEqualTo(path.formatted("barkskin")))).get(0);
            assertThat(call.queryParameter("namespace").firstValue()).isEqualTo("profile-classicann-us");
            assertThat(call.queryParameter("locale").firstValue()).isEqualTo("en_US");
            assertThat(call.getHeader("Authorization")).isEqualTo("Bearer USxq7c3bH1kE2m6Rr0fFq8yWbVn3zT5uJ");
        }
        LoggedRequest gemini = services.wiremock.findAll(postRequestedFor(urlPathEqualTo(GEMINI_PATH))).get(0);
        assertThat(gemini.getHeader("x-goog-api-key")).isEqualTo("test-gemini-key");
        JsonNode request = services.mapper.readTree(gemini.getBodyAsString());
        String prompt = request.path("contents").path(0).path("parts").path(0).path("text").asText();
        assertThat(prompt).contains("The Burning Crusade Anniversary (level cap 70)").contains("level 70 Night Elf Druid")
                .contains("Talents: 41/20/0").contains("- Head: Stormrage Cover, Epic, 76");
        assertThat(request.path("generationConfig").path("responseMimeType").asText()).isEqualTo("application/json");
        assertThat(request.path("generationConfig").path("thinkingConfig").path("thinkingLevel").asText()).isEqualTo("low");

        // a second job reuses the process's cached token
        CommandJob second = services.judgeJob("Barkskin");
        services.send(commandQueue(), second);
        awaitSingleEdit(second);
        assertThat(services.wiremock.findAll(postRequestedFor(urlPathEqualTo("/oauth/token")))).hasSize(1);
    }

    @Test
    void judgeOfTheNearlyNakedCharacterWithoutSummaryMediaOrTalents() throws Exception {
        startWorker();
        CommandJob job = services.judgeJob("Twig");
        services.send(commandQueue(), job);
        JsonNode embed = awaitSingleEdit(job).path("embeds").path(0);
        assertThat(embed.path("title").asText()).isEqualTo("⚖️ Judgment for Twig (Dreamscythe)");
        assertThat(embed.path("description").asText()).contains("[Squire's Shirt](<https://www.wowhead.com/tbc/item=45>)");
    }

    @Test
    void mediaMissingGivesTheCardWithoutAThumbnail() throws Exception {
        services.stub(get(urlPathEqualTo(WorkerServices.MEDIA_PATH.formatted("barkskin"))).atPriority(1)
                .willReturn(json(404, "blizzard/character-not-found-404.json")));
        JsonNode embed = awaitSingleEdit(judgeBarkskin()).path("embeds").path(0);
        assertThat(embed.has("thumbnail")).isFalse();
        assertThat(embed.path("title").asText()).isEqualTo("⚖️ Barkskin — Level 70 Night Elf Druid (41/20/0)");
        assertThat(embed.path("description").asText()).hasLineCount(17);
    }

    @Test
    void specializations404GivesTheCardWithoutTheSplit() throws Exception {
        services.stub(get(urlPathEqualTo(WorkerServices.SPECIALIZATIONS_PATH.formatted("barkskin"))).atPriority(1)
                .willReturn(json(404, "blizzard/character-not-found-404.json")));
        JsonNode embed = awaitSingleEdit(judgeBarkskin()).path("embeds").path(0);
        assertThat(embed.path("title").asText()).isEqualTo("⚖️ Barkskin — Level 70 Night Elf Druid");
        assertThat(embed.path("thumbnail").path("url").asText()).endsWith("-avatar.jpg");
        String prompt = services.wiremock.findAll(postRequestedFor(urlPathEqualTo(GEMINI_PATH))).get(0).getBodyAsString();
        assertThat(prompt).contains("Talents: unknown.");
    }

    @Test
    void unknownCharacterIsReportedNotFound() throws Exception {
        startWorker();
        CommandJob job = services.judgeJob("Nobodyhere");
        services.send(commandQueue(), job);
        JsonNode edit = awaitSingleEdit(job);
        assertThat(edit.path("content").asText()).contains("No character named **Nobodyhere**").contains("dreamscythe");
        assertThat(edit.path("embeds")).isEmpty();
        assertThat(geminiCalls()).isZero();
    }

    @Test
    void truncatedAnswerFallsBackToTheNote() throws Exception {
        services.stub(post(urlPathEqualTo(GEMINI_PATH)).atPriority(1).willReturn(json(200, "gemini/generate-content-malformed-json-200.json")));
        JsonNode embed = awaitSingleEdit(judgeBarkskin()).path("embeds").path(0);
        assertThat(embed.path("description").asText()).contains("Stormrage Cover");
        assertThat(field(embed, JudgeMessage.AI_FIELD).path("value").asText()).isEqualTo(WorkerTexts.AI_UNAVAILABLE);
    }

    @Test
    void geminiRateLimitedStillSendsTheGear() throws Exception {
        services.stub(post(urlPathEqualTo(GEMINI_PATH)).atPriority(1).willReturn(json(429, "gemini/error-429.json")));
        JsonNode embed = awaitSingleEdit(judgeBarkskin()).path("embeds").path(0);
        assertThat(embed.path("description").asText()).contains("Stormrage Cover");
        assertThat(field(embed, JudgeMessage.AI_FIELD).path("value").asText()).contains("AI analysis unavailable");
        // one try and treant.gemini.max-redeliveries (1) retry
        assertThat(geminiCalls()).isEqualTo(2);
    }

    @Test
    void a429RetryDelayThatFitsTheBudgetIsWaitedOut() throws Exception {
        // the fixture's delay (37 s) shortened to fit the tests' 5 s budget
        String retryIn1s = Fixtures.text("gemini/error-429-retry-info.json").replace("\"37s\"", "\"1s\"");
        services.stub(post(urlPathEqualTo(GEMINI_PATH)).atPriority(1).inScenario("quota").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json").withBody(retryIn1s))
                .willSetStateTo("recovered"));
        JsonNode embed = awaitSingleEdit(judgeBarkskin()).path("embeds").path(0);
        assertThat(field(embed, "🔮 Verdict: 3/10").isMissingNode()).isFalse();
        List<LoggedRequest> calls = services.wiremock.findAll(postRequestedFor(urlPathEqualTo(GEMINI_PATH)));
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime())
                .as("waited RetryInfo's 1 s, not treant.gemini.retry-delay-ms").isGreaterThanOrEqualTo(1000);
    }

    @Test
    void a429RetryDelayBeyondTheBudgetIsNotWaited() throws Exception {
        services.stub(post(urlPathEqualTo(GEMINI_PATH)).atPriority(1).willReturn(json(429, "gemini/error-429-retry-info.json")));
        long start = System.nanoTime();
        JsonNode embed = awaitSingleEdit(judgeBarkskin()).path("embeds").path(0);
        assertThat(field(embed, JudgeMessage.AI_FIELD).path("value").asText()).isEqualTo(WorkerTexts.AI_UNAVAILABLE);
        assertThat(geminiCalls()).as("37 s does not fit 5 s").isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aPerDayQuotaIsNotRetriedAndTheAiRestsUntilTomorrow() throws Exception {
        services.stub(post(urlPathEqualTo(GEMINI_PATH)).atPriority(1).willReturn(json(429, "gemini/error-429-daily-quota.json")));
        JsonNode embed = awaitSingleEdit(judgeBarkskin()).path("embeds").path(0);
        assertThat(field(embed, JudgeMessage.AI_FIELD).path("value").asText()).isEqualTo(WorkerTexts.AI_RESTING)
                .contains("resting until tomorrow");
        assertThat(geminiCalls()).isEqualTo(1);
        CommandJob next = services.judgeJob("Barkskin");
        services.send(commandQueue(), next);
        assertThat(field(awaitSingleEdit(next).path("embeds").path(0), JudgeMessage.AI_FIELD).path("value").asText())
                .isEqualTo(WorkerTexts.AI_RESTING);
        assertThat(geminiCalls()).as("not asked again today").isEqualTo(1);
    }

    @Test
    void anUnknownModelLogsOneLineNamingTheSetting() throws Exception {
        services.stub(post(urlPathEqualTo(GEMINI_PATH)).atPriority(1).willReturn(json(404, "gemini/error-404-model-not-found.json")));
        try (LogLines log = LogLines.of(Gemini.class)) {
            JsonNode embed = awaitSingleEdit(judgeBarkskin()).path("embeds").path(0);
            assertThat(field(embed, JudgeMessage.AI_FIELD).path("value").asText()).isEqualTo(WorkerTexts.AI_UNAVAILABLE);
            assertThat(geminiCalls()).isEqualTo(1);
            assertThat(log.lines()).filteredOn(l -> l.contains("treant.gemini.model")).hasSize(1)
                    .allMatch(l -> l.startsWith("ERROR") && l.contains("gemini-3.8-flash") && l.contains("404"));
        }
    }

    @Test
    void withoutAGeminiKeyTheCardSaysSo() throws Exception {
        Map<String, String> p = services.workerProperties(queues, store(), storeName);
        p.put("treant.gemini.api-key", "");
        workers.add(TreantApp.start("worker", p));
        CommandJob job = services.judgeJob("Barkskin");
        services.send(commandQueue(), job);
        JsonNode embed = awaitSingleEdit(job).path("embeds").path(0);
        assertThat(field(embed, JudgeMessage.AI_FIELD).path("value").asText()).isEqualTo(WorkerTexts.AI_NOT_CONFIGURED);
        assertThat(embed.path("description").asText()).contains("Stormrage Cover");
        assertThat(geminiCalls()).isZero();
    }

    @Test
    void geminiBlockedPromptStillSendsTheGear() throws Exception {
        services.stub(post(urlPathEqualTo(GEMINI_PATH)).atPriority(1).willReturn(json(200, "gemini/blocked-prompt-200.json")));
        JsonNode embed = awaitSingleEdit(judgeBarkskin()).path("embeds").path(0);
        assertThat(embed.path("description").asText()).contains("Stormrage Cover");
        assertThat(field(embed, JudgeMessage.AI_FIELD).path("value").asText()).contains("AI analysis unavailable");
    }

    @Test
    void blizzardServiceUnavailableTwiceThenOk() throws Exception {
        String path = EQUIPMENT_PATH.formatted("barkskin");
        services.stub(get(urlPathEqualTo(path)).atPriority(1).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("one"));
        services.stub(get(urlPathEqualTo(path)).atPriority(1).inScenario("flaky").whenScenarioStateIs("one")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("two"));
        services.stub(get(urlPathEqualTo(path)).atPriority(1).inScenario("flaky").whenScenarioStateIs("two")
                .willReturn(json(200, "blizzard/equipment-classicann-barkskin.json")));
        startWorker();
        CommandJob job = services.judgeJob("Barkskin");
        services.send(commandQueue(), job);
        JsonNode embed = awaitSingleEdit(job).path("embeds").path(0);
        assertThat(embed.path("description").asText()).contains("Stormrage Cover");
        assertThat(services.wiremock.findAll(getRequestedFor(urlPathEqualTo(path)))).hasSize(3);
    }

    @Test
    void discordRateLimitOnceIsWaitedOutThenTheEditLands() throws Exception {
        services.stub(patch(urlPathMatching(EDIT_PATH)).atPriority(1).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(429, "discord/rate-limited-429.json")).willSetStateTo("waited"));
        startWorker();
        CommandJob job = services.judgeJob("Barkskin");
        services.send(commandQueue(), job);
        Await.until(WAIT, "two PATCHes", () -> services.editsFor(job).size() >= 2);
        Thread.sleep(300);
        List<LoggedRequest> edits = services.editsFor(job);
        assertThat(edits).hasSize(2);
        long gap = edits.get(1).getLoggedDate().getTime() - edits.get(0).getLoggedDate().getTime();
        assertThat(gap).as("waited retry_after (0.337 s)").isGreaterThanOrEqualTo(330);
        assertThat(edits.get(1).getBodyAsString()).isEqualTo(edits.get(0).getBodyAsString());
    }

    @Test
    void unknownWebhookEndsTheJobWithoutRetry() throws Exception {
        services.stub(patch(urlPathMatching(EDIT_PATH)).atPriority(1).willReturn(json(404, "discord/unknown-webhook-404.json")));
        startWorker();
        CommandJob job = services.judgeJob("Barkskin");
        services.send(commandQueue(), job);
        Await.until(WAIT, "the PATCH", () -> !services.editsFor(job).isEmpty());
        Await.until(WAIT, "the job message deleted", () -> services.approximateMessages(commandQueue()) == 0);
        Thread.sleep(2500); // past the 2 s visibility timeout: nothing comes back
        assertThat(services.editsFor(job)).hasSize(1);
        assertThat(services.receive(commandQueue() + "-dlq", 0)).isEmpty();
    }

    @Test
    void anEditDiscordRefusesIsLoggedWithItsAnswerAndTheJobEndsWithoutARerun() throws Exception {
        services.stub(patch(urlPathMatching(EDIT_PATH)).atPriority(1).willReturn(json(400, "discord/invalid-form-body-400.json")));
        startWorker();
        CommandJob job = services.goldJob(1000);
        try (LogLines log = LogLines.under("treant", "org.apache.camel", "worker-")) {
            services.send(commandQueue(), job);
            Await.until(WAIT, "the PATCH", () -> !services.editsFor(job).isEmpty());
            Await.until(WAIT, "the job message deleted", () -> services.approximateMessages(commandQueue()) == 0);
            Thread.sleep(2500); // past the 2 s visibility timeout: nothing comes back
            assertThat(services.editsFor(job)).as("no error edit after it").hasSize(1);
            assertThat(services.wiremock.findAll(getRequestedFor(urlPathEqualTo(OFFER_PATH)))).as("the job ran once").hasSize(1);
            assertThat(services.receive(commandQueue() + "-dlq", 0)).isEmpty();
            assertThat(log.lines()).filteredOn(l -> l.contains("Invalid Form Body")).hasSize(1)
                    .allMatch(l -> l.startsWith("WARN") && l.contains(job.interactionId()) && l.contains("400")
                            && l.contains("Must be 4096 or fewer in length.") && !l.contains(job.token()));
        }
    }

    @Test
    void duplicateDeliveryIsAnsweredOnceAndRecordedOnce() throws Exception {
        startWorker();
        startWorker();
        CommandJob job = services.goldJob(5000);
        services.send(commandQueue(), job);
        services.send(commandQueue(), job);
        Await.until(WAIT, "the PATCH", () -> !services.editsFor(job).isEmpty());
        Await.until(WAIT, "both deliveries consumed", () -> services.approximateMessages(commandQueue()) == 0);
        Thread.sleep(500);
        assertThat(services.editsFor(job)).hasSize(1);
        assertThat(history().latest(10)).hasSize(1);
    }

    @Test
    void aJobWhoseWorkerDiedMidJobIsTakenOverBeforeItReachesTheDeadLetterQueue() throws Exception {
        TreantApp worker = startWorker(SHORT_LEASE);
        CommandJob job = services.goldJob(1000);
        // a worker that claimed the job a moment ago and was then killed: its 5 s lease is never renewed
        JobLedger ledger = worker.context().getRegistry().lookupByNameAndType("store", JobLedger.class);
        assertThat(ledger.claim(job.interactionId(), "killed-worker", Instant.now(), Duration.ofSeconds(5))).isTrue();
        // visibility 2 s, maxReceiveCount 2: failing each delivery at once would dead-letter it
        // before the lease lapses
        services.send(commandQueue(), job);
        awaitSingleEdit(job);
        Await.until(WAIT, "the job message deleted", () -> services.approximateMessages(commandQueue()) == 0);
        assertThat(services.receive(commandQueue() + "-dlq", 0)).isEmpty();
        assertThat(ledger.isDone(job.interactionId())).isTrue();
    }

    @Test
    void aLiveWorkersJobOutlivingItsLeaseIsNeverRunTwice() throws Exception {
        // the marketplace takes 3 s, three leases: only renewals keep the claim
        services.stub(get(urlPathEqualTo(OFFER_PATH)).atPriority(1).willReturn(json(200, "gold/g2g-offer-200.json")
                .withFixedDelay(3000)));
        startWorker(SHORT_LEASE);
        startWorker(SHORT_LEASE);
        CommandJob job = services.goldJob(1000);
        services.send(commandQueue(), job);
        services.send(commandQueue(), job);
        awaitSingleEdit(job);
        Thread.sleep(3000); // a second run would be at the marketplace now
        assertThat(services.editsFor(job)).hasSize(1);
        assertThat(services.wiremock.findAll(getRequestedFor(urlPathEqualTo(OFFER_PATH)))).hasSize(1);
    }

    @Test
    void goldFromTwoConcurrentWorkersRecordsOnePrice() throws Exception {
        startWorker();
        startWorker();
        List<CommandJob> jobs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            jobs.add(services.goldJob(1000 + i));
        }
        for (CommandJob job : jobs) {
            services.send(commandQueue(), job);
        }
        for (CommandJob job : jobs) {
            awaitSingleEdit(job);
        }
        assertThat(history().latest(24)).hasSize(1);
    }

    @Test
    void goldAnswerCarriesTheRenderedChartAndTheSpokenSummary() throws Exception {
        startWorker();
        CommandJob job = services.goldJob(5000);
        services.send(commandQueue(), job);
        Await.until(WAIT, "the PATCH", () -> !services.editsFor(job).isEmpty());
        LoggedRequest edit = services.editsFor(job).get(0);
        assertThat(edit.getHeader("Content-Type")).startsWith("multipart/form-data");
        Request.Part payload = edit.getPart("payload_json");
        Request.Part file = edit.getPart("files[0]");
        JsonNode json = services.mapper.readTree(payload.getBody().asString());
        JsonNode embed = json.path("embeds").path(0);
        assertThat(embed.path("description").asText()).contains("**5,000 gold** costs **$30.60**").contains("**$0.0061**");
        assertThat(embed.path("image").path("url").asText()).isEqualTo("attachment://gold-price.png");
        assertThat(json.path("attachments").path(0).path("filename").asText()).isEqualTo("gold-price.png");

        byte[] png = file.getBody().asBytes();
        assertThat(Arrays.copyOf(png, 8)).containsExactly(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(GoldChart.WIDTH);
        assertThat(image.getRGB(5, 5) & 0xFFFFFF).as("dark background").isEqualTo(0x2B2D31);

        List<Message> voice = new ArrayList<>();
        Await.until(WAIT, "the voice job", () -> voice.addAll(services.receive(queues.get("treant.sqs.voice-queue"), 1)) || !voice.isEmpty());
        JsonNode voiceJob = services.mapper.readTree(voice.get(0).body());
        assertThat(voiceJob.path("version").asInt()).isEqualTo(1);
        assertThat(voiceJob.path("guildId").asText()).isEqualTo(job.guildId());
        assertThat(voiceJob.path("userId").asText()).isEqualTo(job.userId());
        assertThat(voiceJob.path("interactionId").asText()).isEqualTo(job.interactionId());
        assertThat(voiceJob.path("text").asText()).contains("0.0061").contains("30.60");
    }

    @Test
    void failingMarketplaceGetsAFinalMessageAndTheJobEndsInTheDeadLetterQueue() throws Exception {
        services.stub(get(urlPathEqualTo(OFFER_PATH)).atPriority(1).willReturn(aResponse().withStatus(503)));
        startWorker();
        CommandJob job = services.goldJob(1000);
        try (LogLines log = LogLines.under("treant", "org.apache.camel", "worker-")) {
            services.send(commandQueue(), job);
            Await.until(WAIT, "an error answer", () -> !services.editsFor(job).isEmpty());
            assertThat(services.mapper.readTree(services.editsFor(job).get(0).getBodyAsString()).path("content").asText())
                    .contains("went wrong");
            // maxReceiveCount 2, visibility 2 s: the second failure sends it to the dead-letter queue
            List<Message> dead = new ArrayList<>();
            Await.until(Duration.ofSeconds(30), "the job in the dead-letter queue",
                    () -> dead.addAll(services.receive(commandQueue() + "-dlq", 1)) || !dead.isEmpty());
            assertThat(services.mapper.readTree(dead.get(0).body()).path("interactionId").asText()).isEqualTo(job.interactionId());
            // 1 + 3 retries per delivery, two deliveries
            assertThat(services.wiremock.findAll(getRequestedFor(urlPathEqualTo(OFFER_PATH)))).hasSize(8);

            // each failed delivery: one WARN line naming the job and its cause (besides a line per retry), no stack trace
            assertThat(log.lines()).filteredOn(l -> !l.startsWith("INFO") && !l.startsWith("DEBUG") && !l.contains("On delivery attempt"))
                    .hasSize(2).allMatch(l -> l.startsWith("WARN") && l.contains(job.interactionId()) && l.contains("503"));
            assertThat(log.stackTraces()).isEmpty();
        }
    }

    @Test
    void missingPriceIsAnErrorNotAZero() throws Exception {
        services.stub(get(urlPathEqualTo(OFFER_PATH)).atPriority(1).willReturn(json(200, "gold/g2g-offer-missing-price.json")));
        startWorker();
        CommandJob job = services.goldJob(1000);
        services.send(commandQueue(), job);
        Await.until(WAIT, "an error answer", () -> !services.editsFor(job).isEmpty());
        JsonNode edit = services.mapper.readTree(services.editsFor(job).get(0).getBodyAsString());
        assertThat(edit.path("content").asText()).contains("did not give me a price");
        assertThat(history().latest(10)).isEmpty();
    }

    @Test
    void forgedJobsSendNothingAnywhereAndEndInTheDeadLetterQueue() throws Exception {
        // where an injected proxy option would send the edit
        com.github.tomakehurst.wiremock.WireMockServer elsewhere = new com.github.tomakehurst.wiremock.WireMockServer(
                com.github.tomakehurst.wiremock.core.WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        elsewhere.start();
        try {
            startWorker();
            CommandJob real = services.goldJob(1000);
            String proxy = "t?proxyAuthHost=127.0.0.1&proxyAuthPort=" + elsewhere.port() + "&proxyAuthScheme=http&x=";
            List<CommandJob> forged = List.of(
                    forged(real, real.interactionId(), real.applicationId(), proxy),
                    forged(real, WorkerServices.nextInteractionId(), real.applicationId(), ".."),
                    forged(real, WorkerServices.nextInteractionId(), real.applicationId(), "t&okStatusCodeRange=100-599"),
                    forged(real, WorkerServices.nextInteractionId(), real.applicationId() + "/../../../offer", "t"),
                    forged(real, "1318000000000000207?x=1", real.applicationId(), "t"));
            for (CommandJob job : forged) {
                services.send(commandQueue(), job);
            }
            // unreadable, like a body that is not JSON: not acknowledged, so SQS moves each to the
            // dead-letter queue after maxReceiveCount (2) deliveries
            List<Message> dead = new ArrayList<>();
            Await.until(Duration.ofSeconds(30), "the forged jobs in the dead-letter queue",
                    () -> dead.addAll(services.receive(commandQueue() + "-dlq", 1)) && dead.size() >= forged.size()
                            || dead.size() >= forged.size());
            assertThat(dead).hasSize(forged.size());
            assertThat(services.wiremock.getAllServeEvents()).as("no call to Discord, the marketplace or anyone").isEmpty();
            assertThat(elsewhere.getAllServeEvents()).as("nothing through an injected proxy").isEmpty();
        } finally {
            elsewhere.stop();
        }
    }

    static CommandJob forged(CommandJob real, String interactionId, String applicationId, String token) {
        return new CommandJob(1, real.command(), interactionId, applicationId, token, real.guildId(), real.channelId(),
                real.userId(), real.amount(), null, null, real.receivedAt());
    }

    @Test
    void jobOlderThanTheTokenIsDropped() throws Exception {
        startWorker();
        CommandJob fresh = services.judgeJob("Barkskin");
        CommandJob old = new CommandJob(1, "judge", WorkerServices.nextInteractionId(), fresh.applicationId(), "old-token",
                fresh.guildId(), fresh.channelId(), fresh.userId(), null, "Barkskin", null,
                Instant.now().minus(Duration.ofMinutes(16)));
        services.send(commandQueue(), old);
        services.send(commandQueue(), fresh);
        awaitSingleEdit(fresh);
        Await.until(WAIT, "both consumed", () -> services.approximateMessages(commandQueue()) == 0);
        assertThat(services.editsFor(old)).isEmpty();
    }

    GoldPriceHistory history() {
        return workers.get(0).context().getRegistry().lookupByNameAndType("store", GoldPriceHistory.class);
    }
}
