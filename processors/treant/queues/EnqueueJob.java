package treant.queues;

import java.util.concurrent.CompletionException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.batchmanager.SqsAsyncBatchManager;

/**
 * Puts the body (a marshalled job) on one queue through the SDK's batch manager, without blocking
 * a thread: concurrent interactions share SendMessageBatch calls of up to ten messages, which
 * is what lets the endpoint scale on a small machine (one SQS call per request dominated its CPU).
 * The exchange completes only when SQS has accepted the message, so a 200 still means "queued".
 */
public final class EnqueueJob extends AsyncProcessorSupport {

    private final SqsAsyncBatchManager batch;
    private final SqsAsyncClient sqs;
    private final String queueName;
    private volatile String queueUrl;

    public EnqueueJob(SqsAsyncBatchManager batch, SqsAsyncClient sqs, String queueName) {
        this.batch = batch;
        this.sqs = sqs;
        this.queueName = queueName;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        String body = exchange.getMessage().getBody(String.class);
        queueUrl()
                .thenCompose(url -> batch.sendMessage(r -> r.queueUrl(url).messageBody(body)))
                .whenComplete((sent, failure) -> {
                    if (failure != null) {
                        exchange.setException(failure instanceof CompletionException c && c.getCause() != null
                                ? c.getCause() : failure);
                    }
                    callback.done(false);
                });
        return false;
    }

    /** Looked up by name on first use (and again after a failure), never at start-up: the queue may come later. */
    private java.util.concurrent.CompletableFuture<String> queueUrl() {
        String known = queueUrl;
        if (known != null) {
            return java.util.concurrent.CompletableFuture.completedFuture(known);
        }
        return sqs.getQueueUrl(r -> r.queueName(queueName)).thenApply(r -> queueUrl = r.queueUrl());
    }
}
