package treant.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;

/**
 * The worker function's hold on its records' visibility. The event source mapping receives them with
 * the queue's visibility timeout, which AWS requires to be at least the function's timeout: a record
 * that failed, or whose environment died, would only be seen again after it. So the function hides
 * each record for a short time while its job runs (extended as it goes, as the always-on consumer
 * does) and shows a failed one again after a short delay: SQS redelivers it in seconds, while the
 * interaction token lives, and moves it to the dead-letter queue after maxReceiveCount receives.
 * Calls: sqs:GetQueueUrl (once per queue) and sqs:ChangeMessageVisibility (batched).
 */
final class RecordVisibility {

    private static final Logger LOG = LoggerFactory.getLogger(RecordVisibility.class);
    /** SQS takes at most 10 entries per batch call; the mapping hands over at most 10 records anyway. */
    private static final int BATCH = 10;

    private final SqsClient sqs;
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();

    RecordVisibility(SqsClient sqs) {
        this.sqs = sqs;
    }

    /** Makes each record invisible for {@code seconds} from now (0: visible at once). Never throws. */
    void change(List<SQSEvent.SQSMessage> records, int seconds) {
        Map<String, List<SQSEvent.SQSMessage>> byQueue = new LinkedHashMap<>();
        for (SQSEvent.SQSMessage r : records) {
            if (r.getEventSourceArn() == null || r.getReceiptHandle() == null) {
                continue; // not from a queue: SnapStart's priming record
            }
            byQueue.computeIfAbsent(r.getEventSourceArn(), arn -> new ArrayList<>()).add(r);
        }
        byQueue.forEach((arn, inQueue) -> {
            for (int from = 0; from < inQueue.size(); from += BATCH) {
                change(arn, inQueue.subList(from, Math.min(inQueue.size(), from + BATCH)), seconds);
            }
        });
    }

    private void change(String arn, List<SQSEvent.SQSMessage> records, int seconds) {
        try {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(records.get(i).getReceiptHandle()).visibilityTimeout(seconds).build());
            }
            ChangeMessageVisibilityBatchResponse answer = sqs.changeMessageVisibilityBatch(b -> b
                    .queueUrl(queueUrl(arn)).entries(entries));
            for (BatchResultErrorEntry failed : answer.failed()) {
                // a record already deleted or redelivered elsewhere: its new receive owns it now
                LOG.warn("message {}: visibility not changed to {} s: {} {}",
                        records.get(Integer.parseInt(failed.id())).getMessageId(), seconds, failed.code(), failed.message());
            }
        } catch (RuntimeException e) {
            // the queue's own visibility still applies: later, but SQS still redelivers
            LOG.warn("visibility of {} record(s) not changed to {} s: {}", records.size(), seconds, e.toString());
        }
    }

    /** arn:aws:sqs:region:account:name → the queue's URL, asked once (GetQueueUrl, as camel-aws2-sqs does). */
    private String queueUrl(String arn) {
        return queueUrls.computeIfAbsent(arn, a -> {
            String[] parts = a.split(":", 6);
            if (parts.length != 6 || !"sqs".equals(parts[2])) {
                throw new IllegalArgumentException("not an SQS queue ARN: " + a);
            }
            return sqs.getQueueUrl(b -> b.queueName(parts[5]).queueOwnerAWSAccountId(parts[4])).queueUrl();
        });
    }
}
