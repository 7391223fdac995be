package treant.queues;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * A queue consumer's SQS client whose long polls end, empty, as soon as the process begins to stop.
 *
 * <p>Camel's graceful shutdown counts a consumer that is waiting in its poll as one pending exchange (a
 * message might be on its way), and nothing aborts an SDK call cleanly: a worker idle in its 20 s long
 * poll held shutdown past {@code camel.main.shutdown-timeout} (10 s), then the routes were forced (WARN)
 * and the abandoned polls failed (ERROR "Error while polling"). Here each receive waits on a future that
 * {@link #end()} completes with no messages: the consumer's poll returns at once, Camel waits only for
 * the jobs in flight. A message the abandoned call still receives stays invisible for the queue's
 * visibility timeout and is delivered again: nothing is lost.
 */
public final class LongPolls implements InvocationHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LongPolls.class);
    private static final ReceiveMessageResponse NOTHING = ReceiveMessageResponse.builder().build();

    private final SqsClient delegate;
    /** Each receive waiting, and the virtual thread making its call. */
    private final Map<CompletableFuture<ReceiveMessageResponse>, Thread> waiting = new ConcurrentHashMap<>();
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean ended;

    private LongPolls(SqsClient delegate) {
        this.delegate = delegate;
    }

    /** {@code delegate}, its receives ended by {@link #endAll} at shutdown; every other call as it is. */
    public static SqsClient endable(SqsClient delegate) {
        return (SqsClient) Proxy.newProxyInstance(LongPolls.class.getClassLoader(), new Class<?>[] {SqsClient.class},
                new LongPolls(delegate));
    }

    /** Ends the long polls of every such client of {@code context}: waiting ones at once, later ones before they start. */
    public static void endAll(CamelContext context) {
        for (SqsClient client : context.getRegistry().findByType(SqsClient.class)) {
            if (Proxy.isProxyClass(client.getClass()) && Proxy.getInvocationHandler(client) instanceof LongPolls polls) {
                polls.end();
            }
        }
    }

    void end() {
        ended = true;
        waiting.forEach((receive, call) -> {
            receive.complete(NOTHING);
            // a virtual thread blocked on a socket is interrupted by closing it: the server (SQS, an
            // embedded ElasticMQ) is not left holding the poll either
            call.interrupt();
        });
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if ("receiveMessage".equals(method.getName()) && args != null && args.length == 1
                && args[0] instanceof ReceiveMessageRequest request) {
            return receive(request);
        }
        if ("close".equals(method.getName())) {
            end();
        }
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private ReceiveMessageResponse receive(ReceiveMessageRequest request) throws Throwable {
        if (ended) {
            return NOTHING;
        }
        CompletableFuture<ReceiveMessageResponse> receive = new CompletableFuture<>();
        calls.execute(() -> {
            waiting.put(receive, Thread.currentThread());
            try {
                if (!ended) {
                    receive.complete(delegate.receiveMessage(request));
                }
            } catch (RuntimeException e) {
                if (!receive.completeExceptionally(e)) {
                    LOG.debug("a long poll ended at shutdown, then its call: {}", e.toString());
                }
            } finally {
                waiting.remove(receive);
                receive.complete(NOTHING);
            }
        });
        try {
            return receive.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    /** At the start of Camel's stop: the long polls end, so that shutdown waits for jobs, not for polls. */
    public static final class AtShutdown extends EventNotifierSupport {

        @Override
        public boolean isEnabled(CamelEvent event) {
            return event instanceof CamelEvent.CamelContextStoppingEvent;
        }

        @Override
        public void notify(CamelEvent event) {
            endAll(((CamelEvent.CamelContextStoppingEvent) event).getContext());
        }
    }
}
