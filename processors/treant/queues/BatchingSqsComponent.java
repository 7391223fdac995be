package treant.queues;

import java.util.Map;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.service.ServiceHelper;

/**
 * {@code sqs-batch:<queue name>}: puts the body on that SQS queue and returns once SQS accepted it,
 * concurrent senders sharing SendMessageBatch calls ({@link BatchingQueueSender} says why not
 * camel-aws2-sqs's producer). Configured once, as a YAML bean named {@code sqs-batch}, from
 * properties: the SQS client's registry name, batches in flight per queue, call timeout, linger.
 */
public final class BatchingSqsComponent extends DefaultComponent {

    private String sqsClient;
    private int maxBatchesInFlight;
    private long callTimeoutMs;
    private long lingerMs;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        if (sqsClient == null || sqsClient.isBlank()) {
            throw new IllegalStateException("sqs-batch: the component's sqsClient (registry name) is not set");
        }
        return new QueueEndpoint(uri, this,
                new BatchingQueueSender(sqsClient, remaining, maxBatchesInFlight, callTimeoutMs, lingerMs));
    }

    public void setSqsClient(String sqsClient) {
        this.sqsClient = sqsClient;
    }

    public void setMaxBatchesInFlight(int maxBatchesInFlight) {
        this.maxBatchesInFlight = maxBatchesInFlight;
    }

    public void setCallTimeoutMs(long callTimeoutMs) {
        this.callTimeoutMs = callTimeoutMs;
    }

    public void setLingerMs(long lingerMs) {
        this.lingerMs = lingerMs;
    }

    /** One queue: its sender lives as long as the endpoint. */
    static final class QueueEndpoint extends DefaultEndpoint {

        private final BatchingQueueSender sender;

        QueueEndpoint(String uri, BatchingSqsComponent component, BatchingQueueSender sender) {
            super(uri, component);
            this.sender = sender;
        }

        @Override
        public Producer createProducer() {
            return new DefaultProducer(this) {
                @Override
                public void process(Exchange exchange) throws Exception {
                    sender.process(exchange);
                }
            };
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            throw new UnsupportedOperationException("sqs-batch only sends; consume with aws2-sqs");
        }

        @Override
        protected void doStart() throws Exception {
            sender.setCamelContext(getCamelContext());
            ServiceHelper.startService(sender);
        }

        @Override
        protected void doStop() {
            ServiceHelper.stopService(sender);
        }
    }
}
