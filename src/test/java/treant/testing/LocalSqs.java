package treant.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import treant.queues.EmbeddedSqs;
import treant.queues.Queues;

/**
 * A real ElasticMQ on a free loopback port with Treant's two queues (and their DLQs), started
 * outside the application as it would be on a server, plus a client to read what landed.
 */
public final class LocalSqs implements AutoCloseable {

    public static final String COMMANDS = "treant-commands";
    public static final String VOICE = "treant-voice";

    private final EmbeddedSqs server;
    public final SqsClient client;

    public LocalSqs() {
        this(0);
    }

    public LocalSqs(int port) {
        server = new EmbeddedSqs("127.0.0.1", port);
        server.start();
        client = SqsClient.builder().endpointOverride(URI.create(server.url())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
        Queues.ensure(client, COMMANDS, 5, 30);
        Queues.ensure(client, VOICE, 5, 30);
    }

    public String url() {
        return server.url();
    }

    /** Receives (and deletes) everything on the queue, waiting briefly for stragglers. */
    public List<String> drain(String queue) {
        String url = client.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        List<String> bodies = new ArrayList<>();
        while (true) {
            List<Message> batch = client.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0))
                    .messages();
            if (batch.isEmpty()) {
                return bodies;
            }
            for (Message m : batch) {
                bodies.add(m.body());
                client.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
    }

    public int depth(String queue) {
        return depth(client, queue);
    }

    /** Visible plus in-flight messages of a queue. */
    public static int depth(SqsClient client, String queue) {
        String url = client.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        var attrs = client.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Integer.parseInt(attrs.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attrs.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Override
    public void close() {
        client.close();
        server.stop();
    }
}
