package treant;

import org.apache.camel.support.service.ServiceSupport;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * An in-process ElasticMQ on loopback for the local profile: a real SQS protocol server, so the
 * laptop run exercises the same camel-aws2-sqs code paths as AWS, without an account.
 */
public final class EmbeddedSqs extends ServiceSupport {

    private final String host;
    private final int port;
    private SQSRestServer server;
    private int boundPort;

    public EmbeddedSqs(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    protected void doStart() {
        server = SQSRestServerBuilder.withInterface(host).withPort(port).start();
        boundPort = server.waitUntilStarted().localAddress().getPort();
    }

    @Override
    protected void doStop() {
        if (server != null) {
            server.stopAndWait();
        }
    }

    public String url() {
        return "http://" + host + ":" + boundPort;
    }
}
