package treant.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import treant.jobs.CommandJob;
import treant.testing.Await;
import treant.worker.WorkerServices;

/**
 * WorkerFunction as Lambda runs it: its own JVM under AWS's runtime interface client, fed SQS batch
 * events through a local Runtime API; Discord and the marketplace are WireMock, the store an H2 file.
 */
@Timeout(180)
class LambdaWorkerFunctionTest {

    static final Duration CALL = Duration.ofSeconds(60);
    static WorkerServices services;
    static LocalLambdaRuntime runtime;
    static LambdaProcess function;
    static String queue;

    @BeforeAll
    static void start() throws Exception {
        services = new WorkerServices().start(false);
        Map<String, String> queues = services.freshQueues(2, 30);
        queue = queues.get("treant.sqs.command-queue");
        String store = Files.createTempDirectory("treant-lambda").resolve("treant").toString();
        runtime = new LocalLambdaRuntime();
        Map<String, String> properties = services.workerProperties(queues, "embedded", store);
        String base = services.wiremock.baseUrl();
        properties.put("treant.warcraftlogs.client-id", "test-client");
        properties.put("treant.warcraftlogs.client-secret", "test-secret");
        properties.put("treant.warcraftlogs.oauth-url", base + "/warcraftlogs/oauth/token");
        properties.put("treant.warcraftlogs.api-url", base + "/warcraftlogs/api/v2/client");
        properties.put("treant.warcraftlogs.guild", "Grove Wardens, dreamscythe, us");
        properties.put("treant.warcraftlogs.channel-id", "1200000000000000060");
        properties.put("treant.discord.token", "test-bot-token");
        properties.put("treant.warcraftlogs.settle-minutes", "0");
        properties.put("treant.warcraftlogs.max-report-age-hours", "100000");
        function = LambdaProcess.startReady("treant.lambda.WorkerFunction::handleRequest", runtime,
                LambdaEvents.asEnvironment(properties));
    }

    @AfterAll
    static void stop() throws Exception {
        LambdaProcess.closeAll(function, runtime, services);
    }

    @BeforeEach
    void happyServices() {
        services.stubHappyPath();
    }

    static LocalLambdaRuntime.Result batch(Duration timeout, List<Map.Entry<String, String>> records) throws Exception {
        LocalLambdaRuntime.Result r = runtime.invokeAndWait(LambdaEvents.sqsEvent(queue, records), timeout);
        assertThat(r.error()).as("function error: %s\n%s", r.body(), function.output()).isFalse();
        return r;
    }

    static List<String> failedIds(LocalLambdaRuntime.Result r) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode f : LambdaEvents.MAPPER.readTree(r.body()).get("batchItemFailures")) {
            ids.add(f.get("itemIdentifier").asText());
        }
        return ids;
    }

    String json(CommandJob job) throws Exception {
        return services.mapper.writeValueAsString(job);
    }

    @Test
    void aGoldJobIsAnsweredAndOnlyThePoisonRecordComesBack() throws Exception {
        CommandJob gold = services.goldJob(5000);
        LocalLambdaRuntime.Result r = batch(CALL, List.of(
                Map.entry("msg-gold", json(gold)),
                Map.entry("msg-poison", "{this is not a command job")));
        assertThat(failedIds(r)).containsExactly("msg-poison");
        assertThat(services.editsFor(gold)).hasSize(1);
        JsonNode edit = services.editJson(services.editsFor(gold).getFirst());
        assertThat(edit.toString()).contains("5,000");
    }

    @Test
    void aBatchWithNothingWrongReportsNoFailures() throws Exception {
        assertThat(failedIds(batch(CALL, List.of(Map.entry("msg-a", json(services.goldJob(100))))))).isEmpty();
        assertThat(failedIds(batch(CALL, List.of()))).isEmpty();
    }

    @Test
    void theRecordsOfABatchRunSideBySide() throws Exception {
        // each answer takes 1.5 s at Discord: run one after another, no two edits would arrive within 1.5 s
        services.stub(patch(urlPathMatching(WorkerServices.EDIT_PATH)).atPriority(1)
                .willReturn(WorkerServices.json(200, "discord/edit-original-200.json").withFixedDelay(1500)));
        List<CommandJob> jobs = List.of(services.goldJob(1), services.goldJob(2), services.goldJob(3));
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            records.add(Map.entry("msg-" + i, json(jobs.get(i))));
        }
        LocalLambdaRuntime.Result r = batch(CALL, records);
        assertThat(failedIds(r)).isEmpty();
        List<Long> arrivals = new ArrayList<>();
        for (CommandJob job : jobs) {
            assertThat(services.editsFor(job)).hasSize(1);
            arrivals.add(services.editsFor(job).getFirst().getLoggedDate().getTime());
        }
        assertThat(java.util.Collections.max(arrivals) - java.util.Collections.min(arrivals)).isLessThan(1500);
    }

    @Test
    void aJobStillRunningAtTheDeadlineIsReportedForRedelivery() throws Exception {
        services.stub(patch(urlPathMatching(WorkerServices.EDIT_PATH)).atPriority(1)
                .willReturn(WorkerServices.json(200, "discord/edit-original-200.json").withFixedDelay(1800)));
        CommandJob slow = services.goldJob(7);
        // 3 s until the deadline, less the handler's 2 s margin: 1 s for a 1.8 s job (under the 2 s HTTP timeout)
        LocalLambdaRuntime.Result r = batch(Duration.ofSeconds(3), List.of(Map.entry("msg-slow", json(slow))));
        assertThat(failedIds(r)).containsExactly("msg-slow");
        assertThat(r.inClient()).isLessThan(Duration.ofMillis(1800));
        // it goes on and answers once; the redelivery will find it done
        Await.until(Duration.ofSeconds(10), "the slow job's answer", () -> services.editsFor(slow).size() == 1);
    }

    /** The EventBridge schedule's input (deploy/: TreantStack's recap poll rule): a batch of one such record. */
    static final String SCHEDULED_RECAP_POLL = "{\"Records\":[{\"messageId\":\"recap-poll\",\"eventSource\":\"treant:recap-poll\"}]}";

    @Test
    void theScheduledRecapPollPostsTheGuildsSettledReports() throws Exception {
        services.stub(post(urlPathEqualTo("/warcraftlogs/oauth/token")).willReturn(WorkerServices.json(200, "warcraftlogs/oauth-token.json")));
        services.stub(post(urlPathEqualTo("/warcraftlogs/api/v2/client")).withRequestBody(containing("GuildReports"))
                .willReturn(WorkerServices.json(200, "warcraftlogs/reports-guild.json")));
        services.stub(post(urlPathEqualTo("/warcraftlogs/api/v2/client")).withRequestBody(containing("query Recap")).atPriority(10)
                .willReturn(WorkerServices.json(200, "warcraftlogs/report-karazhan.json")));
        String posts = "/discord/api/v10/channels/1200000000000000060/messages";
        services.stub(post(urlPathEqualTo(posts)).willReturn(WorkerServices.json(200, "discord/channel-message-200.json")));

        LocalLambdaRuntime.Result r = runtime.invokeAndWait(SCHEDULED_RECAP_POLL, CALL);
        assertThat(r.error()).as("function error: %s\n%s", r.body(), function.output()).isFalse();
        assertThat(failedIds(r)).isEmpty();
        // the three listed reports answer as Karazhan here: one post per listed report
        assertThat(services.wiremock.findAll(postRequestedFor(urlPathEqualTo(posts)))).hasSize(3);
        assertThat(runtime.invokeAndWait(SCHEDULED_RECAP_POLL, CALL).error()).isFalse();
        assertThat(services.wiremock.findAll(postRequestedFor(urlPathEqualTo(posts)))).as("posted once each").hasSize(3);
    }
}
