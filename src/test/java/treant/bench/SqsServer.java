package treant.bench;

import treant.testing.LocalSqs;

/**
 * A standalone ElasticMQ on 127.0.0.1 with Treant's queues, for benchmarks that must not count
 * the queue server's CPU in the process under test. Stops after {@code maxSeconds} at the latest.
 */
public final class SqsServer {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "9324");
        int maxSeconds = Integer.parseInt(args.length > 1 ? args[1] : "900");
        LocalSqs sqs = new LocalSqs(port);
        System.out.println(sqs.url());
        System.out.flush();
        Thread.sleep(maxSeconds * 1000L);
        sqs.close();
        System.exit(0);
    }
}
