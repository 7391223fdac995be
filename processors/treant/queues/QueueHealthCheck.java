package treant.queues;

import java.util.List;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Ready only while every queue this process uses can be looked up by name. */
public final class QueueHealthCheck extends AbstractHealthCheck {

    private final SqsClient sqs;
    private final List<String> queues;

    /**
     * @param id     the check's id: one per role file that declares it
     * @param queues the queues the role uses, comma separated: on AWS a voice task may not even look up
     *               the command queue, so each role checks only its own
     */
    public QueueHealthCheck(SqsClient sqs, String id, String queues) {
        super("treant", id);
        this.sqs = sqs;
        this.queues = List.of(queues.split("\\s*,\\s*"));
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
