package treant;

import java.util.List;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Ready only while every queue this process uses can be looked up by name. */
public final class QueueHealthCheck extends AbstractHealthCheck {

    private final SqsClient sqs;
    private final List<String> queues;

    public QueueHealthCheck(SqsClient sqs, List<String> queues) {
        super("treant", "queues");
        this.sqs = sqs;
        this.queues = queues;
    }

    @Override
    public boolean isLiveness() {
        return false; // an unreachable queue means "not ready", not "restart me"
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        for (String queue : queues) {
            try {
                sqs.getQueueUrl(b -> b.queueName(queue));
            } catch (RuntimeException e) {
                builder.detail("queue", queue).message("queue " + queue + " unreachable: " + e.getClass().getSimpleName())
                        .down();
                return;
            }
        }
        builder.detail("queues", String.join(",", queues)).up();
    }
}
