package treant.queues;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * An in-process ElasticMQ on loopback for the local profile ({@code treant.sqs.embedded}): a real
 * SQS protocol server, so the laptop run exercises the same camel-aws2-sqs code paths as AWS,
 * without an account. Disabled, it does nothing.
 */
public final class EmbeddedSqs {

    private final boolean enabled;
    private final String host;
    private final int port;
    private SQSRestServer server;
    private int boundPort;

    /** A server that starts (tests, benchmarks; port 0 = any free port). */
    public EmbeddedSqs(String host, int port) {
        this(true, host, port);
    }

    public EmbeddedSqs(boolean enabled, String host, int port) {
        this.enabled = enabled;
        this.host = host;
        this.port = port;
    }

    public void start() {
        if (enabled && server == null) {
            server = SQSRestServerBuilder.withInterface(host).withPort(port).start();
            boundPort = server.waitUntilStarted().localAddress().getPort();
        }
    }

    public boolean isRunning() {
        return server != null;
    }

    public String url() {
        return "http://" + host + ":" + boundPort;
    }

    public void stop() {
        if (server != null) {
            // a consumer's long poll (up to 20 s) would hold the stop until it ends: requests still open
            // after a second are cut (the consumers have stopped polling by now)
            Scala.cutOpenRequests(server);
            server.stopAndWait();
            server = null;
        }
    }

    /**
     * Scala's types, in a class of their own: the verifier loads them with the class that uses them,
     * and the Lambda functions' artifact (no ElasticMQ, no Scala) must still load EmbeddedSqs (treant.roles.CommonBeans).
     */
    private static final class Scala {
        static void cutOpenRequests(SQSRestServer server) {
            try {
                scala.concurrent.Await.result(server.waitUntilStarted().terminate(
                        scala.concurrent.duration.FiniteDuration.apply(1, java.util.concurrent.TimeUnit.SECONDS)),
                        scala.concurrent.duration.FiniteDuration.apply(5, java.util.concurrent.TimeUnit.SECONDS));
            } catch (java.util.concurrent.TimeoutException | InterruptedException e) {
                // stopped by stopAndWait all the same
            }
        }
    }
}
