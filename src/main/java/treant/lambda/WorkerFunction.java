package treant.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import treant.Keys;

/**
 * The worker role behind an SQS event source mapping (with ReportBatchItemFailures): each record's
 * body is one CommandJob for {@code direct:command-job}, run side by side. A record whose flow throws
 * is reported in {@code batchItemFailures}, so SQS redelivers only that one (and, after
 * maxReceiveCount, moves it to the DLQ); the others are deleted.
 *
 * <p>The function owns its records' visibility ({@link RecordVisibility}): hidden for
 * {@code treant.sqs.visibility-timeout} on receipt and every half of it while the job runs, shown
 * again {@code treant.worker.redelivery-delay-seconds} after a failure. Each job gets the
 * invocation's deadline as its door deadline, so its budget (JobBudget) ends inside the invocation;
 * a job still running when the batch must be reported is stopped and reported failed.
 *
 * <p>The automatic raid recap's poll arrives here too, from an EventBridge schedule whose input is a
 * batch of one record with {@code eventSource} {@value #RECAP_POLL} (deploy/: TreantStack): no SQS
 * message, so no visibility and no failure to report; it runs {@code direct:recap-poll}, as the
 * always-on worker's timer does, its calls cut at the invocation's deadline.
 */
public final class WorkerFunction implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerFunction.class);
    /** SQS hands a function at most 10 records per batch unless a batching window is set. */
    static final int MAX_CONCURRENT_JOBS = 10;
    /** Kept back from the function's deadline to report the batch before Lambda ends the invocation. */
    static final long DEADLINE_MARGIN_MS = 2_000;
    /** Between the jobs' own deadline and the report: time for a job at its deadline to finish failing. */
    static final long STOP_GRACE_MS = 1_000;
    /** The scheduled recap poll's record (no SQS record has this source: theirs is {@code aws:sqs}). */
    public static final String RECAP_POLL = "treant:recap-poll";

    private final LambdaCamel camel;
    // a judge job can take tens of seconds (Blizzard, Gemini): the records of a batch run side by side
    private final ExecutorService jobs;
    private final ScheduledExecutorService extender;
    private final RecordVisibility visibility;
    private final int hiddenSeconds;
    private final int redeliveryDelaySeconds;

    public WorkerFunction() {
        camel = LambdaCamel.start("worker");
        AtomicInteger n = new AtomicInteger();
        jobs = new ThreadPoolExecutor(MAX_CONCURRENT_JOBS, MAX_CONCURRENT_JOBS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "treant-job-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        extender = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("treant-visibility").factory());
        visibility = new RecordVisibility(camel.context.getRegistry().lookupByNameAndType("sqsClient", SqsClient.class));
        hiddenSeconds = Integer.parseInt(camel.property("treant.sqs.visibility-timeout"));
        redeliveryDelaySeconds = Integer.parseInt(camel.property("treant.worker.redelivery-delay-seconds"));
        Core.getGlobalContext().register(this);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context lambda) {
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        if (records.size() == 1 && RECAP_POLL.equals(records.getFirst().getEventSource())) {
            pollRecaps(Instant.now().plusMillis(Math.max(0, budgetMs(lambda) - STOP_GRACE_MS)));
            return SQSBatchResponse.builder().withBatchItemFailures(new ArrayList<>()).build();
        }
        long reportAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMs(lambda));
        Instant jobsEnd = Instant.now().plusMillis(Math.max(0, budgetMs(lambda) - STOP_GRACE_MS));
        if (!records.isEmpty()) {
            visibility.change(records, hiddenSeconds);
        }
        List<Job> running = new ArrayList<>(records.size());
        for (SQSEvent.SQSMessage record : records) {
            Job job = new Job(record);
            job.future = jobs.submit(() -> {
                run(job, jobsEnd);
                return null;
            });
            running.add(job);
        }
        long every = Math.max(1, hiddenSeconds * 1000L / 2);
        ScheduledFuture<?> extension = records.isEmpty() ? null : extender.scheduleAtFixedRate(() -> visibility.change(
                running.stream().filter(j -> !j.future.isDone()).map(j -> j.record).toList(), hiddenSeconds),
                every, every, TimeUnit.MILLISECONDS);
        List<SQSEvent.SQSMessage> failed = new ArrayList<>();
        try {
            for (Job job : running) {
                if (!job.awaitUntil(reportAt)) {
                    failed.add(job.record);
                }
            }
        } finally {
            if (extension != null) {
                extension.cancel(false);
            }
        }
        if (!failed.isEmpty()) {
            visibility.change(failed, redeliveryDelaySeconds);
        }
        List<SQSBatchResponse.BatchItemFailure> failures = failed.stream()
                .map(r -> new SQSBatchResponse.BatchItemFailure(r.getMessageId())).toList();
        return SQSBatchResponse.builder().withBatchItemFailures(new ArrayList<>(failures)).build();
    }

    void close() {
        camel.stop();
        jobs.shutdown();
        extender.shutdownNow();
    }

    private void run(Job job, Instant deadline) throws Exception {
        Exchange done = camel.send("direct:command-job", exchange -> {
            job.exchange = exchange;
            exchange.setProperty(Keys.DOOR_DEADLINE, deadline);
            exchange.getMessage().setBody(job.record.getBody());
        });
        if (done.getException() != null) {
            throw done.getException();
        }
    }

    /** The poll logs its own failures and gives their reports back for the next poll. */
    private void pollRecaps(Instant deadline) {
        camel.send("direct:recap-poll", exchange -> exchange.setProperty(Keys.CALL_DEADLINE, deadline));
    }

    /** One record's job: its future, and its exchange once the flow has it (to stop it at the deadline). */
    private static final class Job {
        final SQSEvent.SQSMessage record;
        volatile Future<?> future;
        volatile Exchange exchange;

        Job(SQSEvent.SQSMessage record) {
            this.record = record;
        }

        /** True when the job succeeded by {@code deadlineNanos}; a job still running then is stopped. */
        boolean awaitUntil(long deadlineNanos) {
            String id = record.getMessageId();
            try {
                future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                return true;
            } catch (ExecutionException e) {
                return false;
            } catch (TimeoutException e) {
                // its calls are cut at its deadline, so this is a step with no deadline of its own:
                // no further step runs, the thread is interrupted, the job's claim lapses with its lease
                Exchange running = exchange;
                if (running != null) {
                    running.setRouteStop(true);
                }
                future.cancel(true);
                LOG.warn("job of message {} still running at the function's deadline: stopped, reported for redelivery", id);
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static long budgetMs(Context lambda) {
        // no context: called outside Lambda (priming, a benchmark); SQS's longest visibility timeout bounds a job anyway
        long remaining = lambda == null ? TimeUnit.MINUTES.toMillis(15) : lambda.getRemainingTimeInMillis();
        return Math.max(0, remaining - DEADLINE_MARGIN_MS);
    }

    /**
     * SnapStart priming: one batch through the handler and the command-job flow. Its job is older
     * than the interaction token, so the flow reads it and drops it before the claim: no store, no
     * Discord, no queue is touched, and the snapshot holds the handler's, Jackson's and the route's
     * classes ready.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        if (!prime()) {
            LOG.warn("priming job failed; the snapshot is taken all the same");
        }
    }

    /** The priming batch; true when its job went through the flow (and was dropped as stale). */
    boolean prime() {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId("priming");
        record.setBody("{\"version\":1,\"command\":\"gold\",\"interactionId\":\"1\",\"applicationId\":\"1\","
                + "\"token\":\"priming\",\"amount\":1,\"receivedAt\":\"" + Instant.now().minus(1, ChronoUnit.DAYS) + "\"}");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record));
        return handleRequest(event, null).getBatchItemFailures().isEmpty();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        camel.afterRestore();
    }
}
