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
import software.amazon.awssdk.services.sqs.model.Message;
import treant.jobs.CommandJob;
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
        Map<String, String> settings = new java.util.HashMap<>(services.workerProperties(queues, "embedded", store));
        // the queue hides a received message for 30 s; the function holds it for 4 s at a time and
        // shows a failed one again after 1 s
        settings.put("treant.sqs.visibility-timeout", "4");
        settings.put("treant.worker.redelivery-delay-seconds", "1");
        settings.put("treant.worker.error-edit-reserve-seconds", "2");
        settings.putAll(services.recapProperties());
        function = LambdaProcess.startReady("treant.lambda.WorkerFunction::handleRequest", runtime,
                LambdaEvents.asEnvironment(settings));
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

    /** Receives as the event source mapping does: with real receipt handles and receive counts. */
    static List<Message> receive(String queueName, int waitSeconds) {
        String url = services.sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
        return services.sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(waitSeconds).maxNumberOfMessages(10)
                .messageSystemAttributeNamesWithStrings("All")).messages();
    }

    static LocalLambdaRuntime.Result invoke(Duration timeout, List<Message> received) throws Exception {
        LocalLambdaRuntime.Result r = runtime.invokeAndWait(LambdaEvents.sqsEventOf(queue, received), timeout);
        assertThat(r.error()).as("function error: %s\n%s", r.body(), function.output()).isFalse();
        return r;
    }

    void sendRaw(String body) {
        String url = services.sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        services.sqs.sendMessage(b -> b.queueUrl(url).messageBody(body));
    }

    /** Polls the queue until a message shows up; its time, or null after {@code within}. */
    static Message reappears(Duration within) {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            List<Message> again = receive(queue, 1);
            if (!again.isEmpty()) {
                return again.getFirst();
            }
        }
        return null;
    }

    @Test
    void aFailedRecordIsVisibleAgainWithinSecondsNotAfterTheQueuesVisibility() throws Exception {
        sendRaw("{this is not a command job");
        List<Message> received = receive(queue, 5);
        assertThat(received).hasSize(1);
        LocalLambdaRuntime.Result r = invoke(CALL, received);
        assertThat(failedIds(r)).containsExactly(received.getFirst().messageId());
        long reported = System.nanoTime();

        Message again = reappears(Duration.ofSeconds(10));
        long afterMs = (System.nanoTime() - reported) / 1_000_000;
        assertThat(again).as("redelivered within seconds, not after the queue's 30 s").isNotNull();
        assertThat(again.messageId()).isEqualTo(received.getFirst().messageId());
        assertThat(afterMs).as("shown again after treant.worker.redelivery-delay-seconds (1 s), not the 4 s it is held for").isLessThan(3_000);
        // leave the queue clean for the next test
        String url = services.sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        services.sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(again.receiptHandle()));
    }

    @Test
    void aJobFailingOnItsLastReceiveReachesTheDeadLetterQueue() throws Exception {
        // the queue's maxReceiveCount is 2
        sendRaw("{\"version\":1,\"command\":\"gold\"}");
        List<Message> first = receive(queue, 5);
        assertThat(failedIds(invoke(CALL, first))).hasSize(1);
        Message second = reappears(Duration.ofSeconds(10));
        assertThat(second).isNotNull();
        assertThat(second.attributesAsStrings()).containsEntry("ApproximateReceiveCount", "2");
        assertThat(failedIds(invoke(CALL, List.of(second)))).hasSize(1);

        assertThat(reappears(Duration.ofSeconds(4))).as("no third receive: the job is in the DLQ").isNull();
        List<Message> dead = receive(queue + "-dlq", 5);
        assertThat(dead).extracting(Message::messageId).containsExactly(second.messageId());
    }

    @Test
    void aJobAtTheFunctionsDeadlineIsStoppedAndReported() throws Exception {
        // Discord never answers in time: the answer's edit is cut at the calls' deadline, the error
        // edit at the job's, which the invocation's deadline sets
        services.stub(patch(urlPathMatching(WorkerServices.EDIT_PATH)).atPriority(1)
                .willReturn(WorkerServices.json(200, "discord/edit-original-200.json").withFixedDelay(30_000)));
        CommandJob slow = services.goldJob(7);
        services.send(queue, slow);
        List<Message> received = receive(queue, 5);
        assertThat(received).hasSize(1);

        // 8 s until Lambda's deadline: the batch is reported 2 s before it, the job's own deadline is 1 s before that
        LocalLambdaRuntime.Result r = invoke(Duration.ofSeconds(8), received);
        assertThat(failedIds(r)).containsExactly(received.getFirst().messageId());
        assertThat(r.inClient()).isLessThan(Duration.ofMillis(6_500));
        // the answer's edit and the error edit were tried, each cut; nothing of the job goes on afterwards
        assertThat(services.editsFor(slow)).hasSize(2);
        Thread.sleep(2_000);
        assertThat(services.editsFor(slow)).hasSize(2);
        // and its message is back in seconds for the next try, while the token lives
        Message again = reappears(Duration.ofSeconds(6));
        assertThat(again).isNotNull();
        String url = services.sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        services.sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(again.receiptHandle()));
    }

    /** The EventBridge schedule's input (deploy/: TreantStack's recap poll rule): a batch of one such record. */
    static final String SCHEDULED_RECAP_POLL = "{\"Records\":[{\"messageId\":\"recap-poll\",\"eventSource\":\"treant:recap-poll\"}]}";

    @Test
    void theScheduledRecapPollPostsTheGuildsSettledReports() throws Exception {
        services.stubRecapServices();
        String posts = WorkerServices.CHANNEL_POST_PATH;
        LocalLambdaRuntime.Result r = runtime.invokeAndWait(SCHEDULED_RECAP_POLL, CALL);
        assertThat(r.error()).as("function error: %s\n%s", r.body(), function.output()).isFalse();
        assertThat(failedIds(r)).isEmpty();
        // the three listed reports answer as Karazhan here: one post per listed report
        assertThat(services.wiremock.findAll(postRequestedFor(urlPathEqualTo(posts)))).hasSize(3);
        assertThat(runtime.invokeAndWait(SCHEDULED_RECAP_POLL, CALL).error()).isFalse();
        assertThat(services.wiremock.findAll(postRequestedFor(urlPathEqualTo(posts)))).as("posted once each").hasSize(3);
    }
}
