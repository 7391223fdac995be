package treant.queues;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Puts the message body on one SQS queue and returns once SQS has accepted it, sharing
 * SendMessageBatch calls among the requests that arrive together.
 *
 * <p>Why not camel-aws2-sqs's producer: it makes one SendMessage per exchange, and under load the
 * SDK's per-call chain (signing, marshalling, one HTTP request each) was a third of the api's CPU,
 * and the SQS server pays per call too. Why not the SDK's {@code SqsAsyncBatchManager}: it flushes on
 * a timer, which every answer would wait for, from a thread of its own.
 *
 * <p>Here the callers send: a caller that finds fewer than {@code maxInFlight} batches on the wire
 * takes whatever is pending (its own job and up to nine others) and sends them in one call; the
 * others wait and are woken when a call ends, to find their job sent or to send the next batch
 * themselves. So a lone job goes out at once, on its own thread, with no hand-off; a burst shares
 * calls. Only when two or more jobs were already waiting (load) may a batch wait up to
 * {@code lingerMs} to fill, which saves calls when it matters.
 *
 * <p>A waiting caller gives up after {@code timeoutMs} and is then not sent; one whose batch is on
 * the wire waits for SQS's answer, which the SQS client bounds (the ambiguity of any SQS call that
 * times out).
 */
public final class BatchingQueueSender extends ServiceSupport implements Processor, CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(BatchingQueueSender.class);
    static final int MAX_BATCH = 10;                 // SQS's limit of entries per SendMessageBatch
    static final int MAX_BATCH_BYTES = 256 * 1024;   // SQS's limit of a batch's total payload

    private final String sqsClientBean;
    private final String queueName;
    private final int maxInFlight;
    private final long timeoutNanos;
    private final long lingerNanos;
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition callEnded = lock.newCondition();
    private int inFlight; // guarded by lock
    private volatile Thread lingering; // a sender waiting for its batch to fill
    private CamelContext camelContext;
    private SqsClient sqs;
    private volatile String queueUrl;
    private final LongAdder calls = new LongAdder();
    private final LongAdder messages = new LongAdder();

    record Pending(String body, CompletableFuture<Void> sent) {}

    /**
     * @param sqsClientBean the registry name of the SQS client (looked up at start: it is created after
     *                      the YAML beans)
     * @param maxInFlight   SendMessageBatch calls on the wire at once for this queue
     * @param timeoutMs     how long a caller waits for its turn
     * @param lingerMs      how long a batch that already has two or more jobs may wait for more (0: never)
     */
    public BatchingQueueSender(String sqsClientBean, String queueName, int maxInFlight, long timeoutMs, long lingerMs) {
        if (maxInFlight < 1 || timeoutMs < 1 || lingerMs < 0 || lingerMs >= timeoutMs) {
            throw new IllegalArgumentException("queue " + queueName
                    + ": batches in flight and timeout must be positive, linger between 0 and the timeout");
        }
        this.sqsClientBean = sqsClientBean;
        this.queueName = queueName;
        this.maxInFlight = maxInFlight;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMs);
    }

    /**
     * A sender over this client, outside a route (tests), started by {@link #start()}. A factory, not a
     * second constructor: the YAML bean's constructor arguments must match exactly one.
     */
    static BatchingQueueSender over(SqsClient sqs, String queueName, int maxInFlight, long timeoutMs, long lingerMs) {
        BatchingQueueSender sender = new BatchingQueueSender(null, queueName, maxInFlight, timeoutMs, lingerMs);
        sender.sqs = sqs;
        return sender;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        send(exchange.getMessage().getMandatoryBody(String.class));
    }

    /** Returns once SQS has accepted {@code body}; throws {@link QueueSendException} when it has not. */
    public void send(String body) throws QueueSendException {
        if (!isRunAllowed()) {
            throw new QueueSendException("queue " + queueName + ": the sender is not running");
        }
        Pending mine = new Pending(body, new CompletableFuture<>());
        pending.add(mine);
        Thread filling = lingering;
        if (filling != null) {
            LockSupport.unpark(filling);
        }
        long deadline = System.nanoTime() + timeoutNanos;
        while (!mine.sent().isDone()) {
            if (takeTurn(mine, deadline)) {
                try {
                    List<Pending> batch = nextBatch();
                    if (!batch.isEmpty()) {
                        sendBatch(batch);
                    }
                } finally {
                    endTurn();
                }
            }
        }
        try {
            mine.sent().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof QueueSendException q ? q
                    : new QueueSendException("queue " + queueName + ": " + describe(e.getCause()), e.getCause());
        } catch (CancellationException e) {
            throw new QueueSendException("queue " + queueName + ": no turn to send within "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
        }
    }

    /** True: the caller may send a batch now. False: it waited for a call to end (or gave up). */
    private boolean takeTurn(Pending mine, long deadline) {
        lock.lock();
        try {
            if (mine.sent().isDone()) {
                return false;
            }
            if (inFlight < maxInFlight && !pending.isEmpty()) {
                inFlight++;
                return true;
            }
            // every call slot busy, or nothing left to send but our own job is on the wire: wait
            // for a call to end
            long left = deadline - System.nanoTime();
            if (left > 0) {
                callEnded.awaitNanos(left);
            } else if (pending.remove(mine)) {
                mine.sent().cancel(false); // still waiting: taken out, nobody sends it now
            } else {
                // already in a batch on the wire: its caller hears SQS's answer (the client bounds the call)
                callEnded.awaitNanos(timeoutNanos);
            }
            return false;
        } catch (InterruptedException e) {
            if (pending.remove(mine)) {
                mine.sent().cancel(false);
            }
            // on the wire, the answer is near; the interrupt stays set for the caller either way
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void endTurn() {
        lock.lock();
        try {
            inFlight--;
            callEnded.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Up to ten pending jobs that fit one call, skipping those whose callers gave up. */
    private List<Pending> nextBatch() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        int bytes = 0;
        long lingerUntil = 0;
        while (batch.size() < MAX_BATCH) {
            Pending p = pending.peek();
            if (p == null) {
                if (batch.size() < 2 || lingerNanos == 0) {
                    break; // a lone job never waits
                }
                // two or more were waiting: under load, so give the batch a moment to fill (each new
                // job unparks this thread; volatile write, then the queue check: no arrival is missed)
                long now = System.nanoTime();
                if (lingerUntil == 0) {
                    lingerUntil = now + lingerNanos;
                } else if (now >= lingerUntil) {
                    break;
                }
                lingering = Thread.currentThread();
                if (pending.isEmpty()) {
                    LockSupport.parkNanos(this, lingerUntil - now);
                }
                lingering = null;
                continue;
            }
            int size = p.body().getBytes(StandardCharsets.UTF_8).length;
            if (!batch.isEmpty() && bytes + size > MAX_BATCH_BYTES) {
                break; // first of the next batch
            }
            if (pending.remove(p) && !p.sent().isDone()) { // else another sender took it, or its caller gave up
                batch.add(p);
                bytes += size;
            }
        }
        return batch;
    }

    /** One SendMessageBatch; each caller learns its own entry's fate. */
    void sendBatch(List<Pending> batch) {
        try {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .messageBody(batch.get(i).body()).build());
            }
            SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl()).entries(entries));
            calls.increment();
            messages.add(batch.size());
            Map<String, BatchResultErrorEntry> failed = new HashMap<>();
            response.failed().forEach(f -> failed.put(f.id(), f));
            for (int i = 0; i < batch.size(); i++) {
                BatchResultErrorEntry f = failed.get(Integer.toString(i));
                if (f == null) {
                    batch.get(i).sent().complete(null);
                } else {
                    batch.get(i).sent().completeExceptionally(new QueueSendException(
                            "queue " + queueName + " refused the message: " + f.code() + " " + f.message()));
                }
            }
        } catch (RuntimeException e) {
            QueueSendException failure = new QueueSendException("queue " + queueName + ": " + describe(e), e);
            batch.forEach(p -> p.sent().completeExceptionally(failure));
        }
    }

    /** Looked up on first use and kept: the queue may be unreachable when the api starts. */
    private String queueUrl() {
        String url = queueUrl;
        if (url == null) {
            url = sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
            queueUrl = url;
        }
        return url;
    }

    /** Jobs waiting to be sent (tests). */
    int waiting() {
        return pending.size();
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    @Override
    protected void doStart() {
        if (sqs == null) {
            sqs = camelContext.getRegistry().lookupByNameAndType(sqsClientBean, SqsClient.class);
            if (sqs == null) {
                throw new IllegalStateException("queue " + queueName + ": no SqsClient bean named " + sqsClientBean);
            }
        }
    }

    @Override
    protected void doStop() {
        if (calls.sum() > 0) {
            LOG.info("queue {}: {} messages sent in {} SendMessageBatch calls", queueName, messages.sum(), calls.sum());
        }
        // whoever still waits gets an answer now rather than at the timeout
        for (Pending p; (p = pending.poll()) != null; ) {
            p.sent().completeExceptionally(new QueueSendException("queue " + queueName + ": stopping"));
        }
        lock.lock();
        try {
            callEnded.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
