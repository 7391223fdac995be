package treant.queues;

import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * Creates the queues and their {@code <queue>-dlq} dead-letter queues where Treant owns them
 * ({@code treant.sqs.create-queues}: local runs, tests); on AWS they come from the deployment.
 * An existing queue is fine, whatever its attributes (then they are the owner's, not ours).
 */
public final class Queues {

    private final SqsClient sqs;
    private final boolean create;
    private final int maxReceiveCount;
    private final int visibilityTimeoutSeconds;
    private final String[] names;

    public Queues(SqsClient sqs, boolean create, int maxReceiveCount, int visibilityTimeoutSeconds, String names) {
        this.sqs = sqs;
        this.create = create;
        this.maxReceiveCount = maxReceiveCount;
        this.visibilityTimeoutSeconds = visibilityTimeoutSeconds;
        this.names = names.split("\\s*,\\s*");
    }

    /** The bean's init method: creates the queues when this process owns them. */
    public void ensureAll() {
        if (create) {
            for (String name : names) {
                ensure(sqs, name, maxReceiveCount, visibilityTimeoutSeconds);
            }
        }
    }

    public static String ensure(SqsClient sqs, String name, int maxReceiveCount, int visibilityTimeoutSeconds) {
        try {
            return create(sqs, name, maxReceiveCount, visibilityTimeoutSeconds);
        } catch (QueueNameExistsException differentAttributes) {
            return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        }
    }

    private static String create(SqsClient sqs, String name, int maxReceiveCount, int visibilityTimeoutSeconds) {
        String dlqUrl = sqs.createQueue(b -> b.queueName(name + "-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}";
        return sqs.createQueue(b -> b.queueName(name).attributes(Map.of(
                QueueAttributeName.REDRIVE_POLICY, redrive,
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilityTimeoutSeconds)))).queueUrl();
    }
}
