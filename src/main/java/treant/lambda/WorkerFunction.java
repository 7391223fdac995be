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

/**
 * The worker role behind an SQS event source mapping (with ReportBatchItemFailures): each record's
 * body is one CommandJob for {@code direct:command-job}. A record whose flow throws is reported in
 * {@code batchItemFailures}, so SQS redelivers only that one (and, after maxReceiveCount, moves it
 * to the DLQ); the others are deleted.
 *
 * <p>The automatic raid recap's poll arrives here too, from an EventBridge schedule whose input is a
 * batch of one record with {@code eventSource} {@value #RECAP_POLL} (deploy/: TreantStack): it runs
 * {@code direct:recap-poll}, as the always-on worker's timer does.
 */
public final class WorkerFunction implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerFunction.class);
    /** SQS hands a function at most 10 records per batch unless a batching window is set. */
    static final int MAX_CONCURRENT_JOBS = 10;
    /** Kept back from the function's deadline to report the batch before Lambda ends the invocation. */
    static final long DEADLINE_MARGIN_MS = 2_000;
    /** The scheduled recap poll's record (no SQS record has this source: theirs is {@code aws:sqs}). */
    public static final String RECAP_POLL = "treant:recap-poll";

    private final LambdaCamel camel;
    // a judge job can take tens of seconds (Blizzard, Gemini): the records of a batch run side by side
    private final ExecutorService jobs;

    public WorkerFunction() {
        camel = LambdaCamel.start("worker");
        AtomicInteger n = new AtomicInteger();
        jobs = new ThreadPoolExecutor(MAX_CONCURRENT_JOBS, MAX_CONCURRENT_JOBS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "treant-job-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        Core.getGlobalContext().register(this);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context lambda) {
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        List<Future<?>> running = new ArrayList<>(records.size());
        for (SQSEvent.SQSMessage record : records) {
            String flow = RECAP_POLL.equals(record.getEventSource()) ? "direct:recap-poll" : "direct:command-job";
            running.add(jobs.submit(() -> {
                run(flow, record.getBody());
                return null;
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMs(lambda));
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            String id = records.get(i).getMessageId();
            try {
                running.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                failures.add(new SQSBatchResponse.BatchItemFailure(id));
            } catch (TimeoutException e) {
                // left running: should it still finish, its redelivery finds the job answered (claim ledger)
                LOG.warn("job of message {} not done before the function's deadline; SQS will redeliver it", id);
                failures.add(new SQSBatchResponse.BatchItemFailure(id));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(new SQSBatchResponse.BatchItemFailure(id));
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    void close() {
        camel.stop();
        jobs.shutdown();
    }

    private void run(String flow, String body) throws Exception {
        Exchange done = camel.send(flow, exchange -> exchange.getMessage().setBody(body));
        if (done.getException() != null) {
            throw done.getException();
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
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId("priming");
        record.setBody("{\"version\":1,\"command\":\"gold\",\"interactionId\":\"priming\",\"applicationId\":\"priming\","
                + "\"token\":\"priming\",\"amount\":1,\"receivedAt\":\"" + Instant.now().minus(1, ChronoUnit.DAYS) + "\"}");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record));
        SQSBatchResponse primed = handleRequest(event, null);
        if (!primed.getBatchItemFailures().isEmpty()) {
            LOG.warn("priming job failed; the snapshot is taken all the same");
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        camel.afterRestore();
    }
}
