package treant.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import treant.AwsClients;
import treant.testing.Await;
import treant.testing.LocalSqs;

/** The api's queue sender against a real ElasticMQ: what lands, how calls are shared, how it fails. */
class BatchingQueueSenderTest {

    static LocalSqs sqs;
    final ExecutorService callers = Executors.newCachedThreadPool();
    BatchingQueueSender sender;

    @BeforeAll
    static void startSqs() {
        sqs = new LocalSqs();
    }

    @AfterAll
    static void stopSqs() {
        sqs.close();
    }

    @AfterEach
    void stop() {
        if (sender != null) {
            sender.stop();
        }
        callers.shutdownNow();
        sqs.drain(LocalSqs.VOICE);
    }

    @Test
    void requestsThatArriveWhileACallIsOnTheWireShareTheNextCalls() throws Exception {
        GatedSqs gated = new GatedSqs(sqs.client);
        sender = started(BatchingQueueSender.over(gated, LocalSqs.VOICE, 1, 10_000, 0));

        List<Future<?>> sends = new ArrayList<>();
        sends.add(callers.submit(() -> send("job-0")));
        gated.firstCallStarted.await(10, TimeUnit.SECONDS);
        for (int i = 1; i < 40; i++) {
            String body = "job-" + i;
            sends.add(callers.submit(() -> send(body)));
        }
        Await.until(Duration.ofSeconds(10), "39 jobs waiting", () -> sender.waiting() >= 39);
        gated.release.countDown();
        for (Future<?> f : sends) {
            f.get(10, TimeUnit.SECONDS);
        }

        // the lone first request went out alone; the 39 behind it in batches of at most ten
        assertThat(gated.batchSizes).containsExactly(1, 10, 10, 10, 9);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            expected.add("job-" + i);
        }
        assertThat(sqs.drain(LocalSqs.VOICE)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aLoneJobNeverWaitsButUnderLoadABatchWaitsToFill() throws Exception {
        GatedSqs gated = new GatedSqs(sqs.client);
        sender = started(BatchingQueueSender.over(gated, LocalSqs.VOICE, 1, 60_000, 30_000));

        Future<?> lone = callers.submit(() -> send("lone"));
        assertThat(gated.firstCallStarted.await(10, TimeUnit.SECONDS)).as("a lone job goes out without the 30 s linger").isTrue();
        List<Future<?>> sends = new ArrayList<>();
        for (String body : List.of("a", "b")) {
            sends.add(callers.submit(() -> send(body)));
        }
        Await.until(Duration.ofSeconds(10), "2 jobs waiting", () -> sender.waiting() >= 2);
        gated.release.countDown();
        lone.get(10, TimeUnit.SECONDS);
        // the sender has taken a and b and waits for more
        Await.until(Duration.ofSeconds(10), "a and b taken", () -> sender.waiting() == 0);
        for (int i = 0; i < 8; i++) {
            String body = "more-" + i;
            sends.add(callers.submit(() -> send(body)));
        }
        // a full batch goes at once, long before the linger would end
        for (Future<?> f : sends) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(gated.batchSizes).containsExactly(1, 10);
    }

    @Test
    void aCallerThatGaveUpIsNotSentAfterwards() throws Exception {
        GatedSqs gated = new GatedSqs(sqs.client);
        sender = started(BatchingQueueSender.over(gated, LocalSqs.VOICE, 1, 300, 0));

        Future<?> first = callers.submit(() -> send("on the wire"));
        gated.firstCallStarted.await(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> sender.send("gave up"))
                .isInstanceOf(QueueSendException.class)
                .hasMessageContaining("no turn to send within 300 ms");
        gated.release.countDown();
        first.get(10, TimeUnit.SECONDS); // on the wire: answered when SQS answers (the client bounds that)

        sender.send("next");
        assertThat(sqs.drain(LocalSqs.VOICE)).containsExactlyInAnyOrder("on the wire", "next");
    }

    @Test
    void aJobOnTheWireWhenItsCallerTimesOutIsAnsweredBySqsNotGivenUp() throws Exception {
        GatedSqs gated = new GatedSqs(sqs.client);
        gated.secondCallMillis = 1_500; // the batch that carries b and c outlives their callers' 800 ms
        sender = started(BatchingQueueSender.over(gated, LocalSqs.VOICE, 1, 800, 0));

        Future<?> a = callers.submit(() -> send("a"));
        gated.firstCallStarted.await(10, TimeUnit.SECONDS);
        Future<?> b = callers.submit(() -> send("b"));
        Future<?> c = callers.submit(() -> send("c"));
        Await.until(Duration.ofSeconds(10), "b and c waiting", () -> sender.waiting() >= 2);
        gated.release.countDown(); // one of b, c now sends both; the other waits past its deadline
        a.get(10, TimeUnit.SECONDS);
        b.get(10, TimeUnit.SECONDS); // before the fix: "no turn to send within 800 ms", though sent
        c.get(10, TimeUnit.SECONDS);
        assertThat(gated.batchSizes).containsExactly(1, 2);
        assertThat(sqs.drain(LocalSqs.VOICE)).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aRefusedEntryFailsOnlyItsOwnCaller() throws Exception {
        sender = started(BatchingQueueSender.over(sqs.client, LocalSqs.VOICE, 1, 10_000, 0));
        var ok = new BatchingQueueSender.Pending("fine", new CompletableFuture<>());
        var bad = new BatchingQueueSender.Pending("nul \u0000 is not allowed in SQS", new CompletableFuture<>());

        sender.sendBatch(List.of(ok, bad));

        assertThat(ok.sent()).isCompleted();
        assertThat(bad.sent()).isCompletedExceptionally();
        assertThatThrownBy(bad.sent()::join).hasCauseInstanceOf(QueueSendException.class)
                .hasMessageContaining("queue treant-voice refused the message");
        assertThat(sqs.drain(LocalSqs.VOICE)).containsExactly("fine");
    }

    @Test
    void aMissingQueueIsACleanFailureNamingIt() {
        sender = started(BatchingQueueSender.over(sqs.client, "no-such-queue", 1, 10_000, 0));

        assertThatThrownBy(() -> sender.send("job"))
                .isInstanceOf(QueueSendException.class)
                .hasMessageContaining("queue no-such-queue")
                .hasMessageContaining("QueueDoesNotExist");
    }

    @Test
    void anUnreachableSqsFailsWithinTheCallTimeout() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        SqsClient unreachable = AwsClients.sqs("us-east-1", "http://127.0.0.1:" + closedPort, null, 500, 4, "apache");
        sender = started(BatchingQueueSender.over(unreachable, LocalSqs.VOICE, 1, 2_000, 0));

        Future<?> send = callers.submit(() -> send("job"));

        // the SDK's own give-up (500 ms) answers before the caller's limit (2 s)
        assertThatThrownBy(() -> send.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(QueueSendException.class)
                .cause().hasMessageStartingWith("queue treant-voice: ")
                .hasMessageNotContaining("no turn to send within");
        unreachable.close();
    }

    @Test
    void stoppingAnswersEveryoneStillWaiting() throws Exception {
        GatedSqs gated = new GatedSqs(sqs.client);
        sender = started(BatchingQueueSender.over(gated, LocalSqs.VOICE, 1, 60_000, 0));
        callers.submit(() -> send("on the wire"));
        gated.firstCallStarted.await(10, TimeUnit.SECONDS);
        Future<?> queued = callers.submit(() -> send("queued"));
        Await.until(Duration.ofSeconds(10), "1 jobs waiting", () -> sender.waiting() >= 1);

        sender.stop();

        assertThatThrownBy(() -> queued.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(QueueSendException.class)
                .cause().hasMessageContaining("stopping");
        assertThatThrownBy(() -> sender.send("after stop")).hasMessageContaining("not running");
        gated.release.countDown();
    }

    private static BatchingQueueSender started(BatchingQueueSender s) {
        s.start();
        return s;
    }

    private Void send(String body) throws QueueSendException {
        sender.send(body);
        return null;
    }

    /** The real client, with the first SendMessageBatch held until the test releases it. */
    static final class GatedSqs implements SqsClient {
        final SqsClient real;
        final CountDownLatch firstCallStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        volatile long secondCallMillis;

        GatedSqs(SqsClient real) {
            this.real = real;
        }

        @Override
        public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
            batchSizes.add(request.entries().size());
            if (batchSizes.size() == 2 && secondCallMillis > 0) {
                try {
                    Thread.sleep(secondCallMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (firstCallStarted.getCount() > 0) {
                firstCallStarted.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return real.sendMessageBatch(request);
        }

        @Override
        public GetQueueUrlResponse getQueueUrl(GetQueueUrlRequest request) {
            return real.getQueueUrl(request);
        }

        @Override
        public String serviceName() {
            return real.serviceName();
        }

        @Override
        public void close() {}
    }
}
