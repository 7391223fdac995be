package treant.queues;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
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
 * and as much again in the SQS server. Why not the SDK's {@code SqsAsyncBatchManager}: it flushes on a
 * timer, which every answer would wait for. Here a lone job never waits: a sender takes whatever is
 * pending (up to ten) the moment it is free, so a lone request goes out alone at once and a burst
 * shares calls. Only when two or more jobs were already waiting (load) may the batch wait up to
 * {@code lingerMs} to fill, which saves calls (CPU here and in SQS) when it matters.
 *
 * <p>A caller waits at most {@code timeoutMs}; one that gave up is not sent afterwards unless its
 * batch was already on the wire (the same ambiguity as any SQS call that times out).
 */
public final class BatchingQueueSender extends ServiceSupport implements Processor, CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(BatchingQueueSender.class);
    static final int MAX_BATCH = 10;                 // SQS's limit of entries per SendMessageBatch
    static final int MAX_BATCH_BYTES = 256 * 1024;   // SQS's limit of a batch's total payload

    private final String sqsClientBean;
    private final String queueName;
    private final int senders;
    private final long timeoutMs;
    private final long lingerNanos;
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private CamelContext camelContext;
    private SqsClient sqs;
    private volatile String queueUrl;
    private ExecutorService senderThreads;
    private final LongAdder calls = new LongAdder();
    private final LongAdder messages = new LongAdder();

    record Pending(String body, CompletableFuture<Void> sent) {}

    /**
     * @param sqsClientBean the registry name of the SQS client (looked up at start: it is created after
     *                      the YAML beans)
     * @param senders       SendMessageBatch calls in flight at once for this queue
     * @param lingerMs      how long a batch that already has two or more jobs may wait for more (0: never)
     */
    public BatchingQueueSender(String sqsClientBean, String queueName, int senders, long timeoutMs, long lingerMs) {
        if (senders < 1 || timeoutMs < 1 || lingerMs < 0 || lingerMs >= timeoutMs) {
            throw new IllegalArgumentException("queue " + queueName
                    + ": senders and timeout must be positive, linger between 0 and the timeout");
        }
        this.sqsClientBean = sqsClientBean;
        this.queueName = queueName;
        this.senders = senders;
        this.timeoutMs = timeoutMs;
        this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMs);
    }

    /**
     * A sender over this client, outside a route (tests), started by {@link #start()}. A factory, not a
     * second constructor: the YAML bean's constructor arguments must match exactly one.
     */
    static BatchingQueueSender over(SqsClient sqs, String queueName, int senders, long timeoutMs, long lingerMs) {
        BatchingQueueSender sender = new BatchingQueueSender(null, queueName, senders, timeoutMs, lingerMs);
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
        CompletableFuture<Void> sent = new CompletableFuture<>();
        pending.add(new Pending(body, sent));
        try {
            sent.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof QueueSendException q ? q
                    : new QueueSendException("queue " + queueName + ": " + describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            // a sender that has not taken it yet will skip it: the caller answers "not accepted"
            sent.cancel(false);
            throw new QueueSendException("queue " + queueName + ": no answer from SQS within " + timeoutMs + " ms");
        } catch (InterruptedException e) {
            sent.cancel(false);
            Thread.currentThread().interrupt();
            throw new QueueSendException("queue " + queueName + ": interrupted while sending");
        }
    }

    private void sendLoop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        Pending carried = null;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Pending first = carried != null ? carried : pending.take();
                carried = null;
                batch.clear();
                int bytes = 0;
                long deadline = 0;
                Pending p = first;
                while (p != null) {
                    if (!p.sent().isDone()) { // else its caller gave up
                        int size = p.body().getBytes(StandardCharsets.UTF_8).length;
                        if (!batch.isEmpty() && bytes + size > MAX_BATCH_BYTES) {
                            carried = p; // first of the next batch
                            break;
                        }
                        batch.add(p);
                        bytes += size;
                    }
                    if (batch.size() >= MAX_BATCH) {
                        p = null;
                    } else if (batch.size() < 2 || lingerNanos == 0) {
                        p = pending.poll(); // a lone job never waits
                    } else {
                        // two or more were waiting: under load, so give the batch a moment to fill
                        if (deadline == 0) {
                            deadline = System.nanoTime() + lingerNanos;
                        }
                        p = pending.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    }
                }
                if (!batch.isEmpty()) {
                    sendBatch(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // stopping: whoever still waits gets an answer now rather than at the timeout
        if (carried != null) {
            carried.sent().completeExceptionally(new QueueSendException("queue " + queueName + ": stopping"));
        }
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

    /** Sends waiting for a sender (tests). */
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
        senderThreads = camelContext != null
                ? camelContext.getExecutorServiceManager().newFixedThreadPool(this, "SqsSend " + queueName, senders)
                : java.util.concurrent.Executors.newFixedThreadPool(senders, Thread.ofPlatform()
                        .name("SqsSend " + queueName + " #", 1).daemon().factory());
        for (int i = 0; i < senders; i++) {
            senderThreads.execute(this::sendLoop);
        }
    }

    @Override
    protected void doStop() {
        if (calls.sum() > 0) {
            LOG.info("queue {}: {} messages sent in {} SendMessageBatch calls", queueName, messages.sum(), calls.sum());
        }
        if (senderThreads != null) {
            if (camelContext != null) {
                camelContext.getExecutorServiceManager().shutdownNow(senderThreads);
            } else {
                senderThreads.shutdownNow();
            }
            senderThreads = null;
        }
        for (Pending p; (p = pending.poll()) != null; ) {
            p.sent().completeExceptionally(new QueueSendException("queue " + queueName + ": stopping"));
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
