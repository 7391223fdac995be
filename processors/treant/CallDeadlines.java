package treant;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpActivityListener;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * An overall deadline on every outbound HTTP call of Camel's http/https components: connect, send
 * and the whole response body. Apache HttpClient's timeouts are per connect and per read, so an
 * upstream that trickles a byte now and then would hold a call for ever; here the call's
 * connection is cut when {@code treant.http-client.call-timeout-ms} has passed, or earlier at the
 * exchange's {@link Keys#CALL_DEADLINE} (a command job's budget, see JobBudget). The call then
 * fails with {@link Exceeded}, an I/O error the worker's error handler retries while the budget lasts.
 * The client's own automatic retries must stay off (they are: retries belong to the routes), or a
 * cut attempt would be silently tried again on a new connection.
 *
 * <p>It is also the components' activity listener: only with one does Camel's HttpProducer put the
 * exchange in the HTTP context, where the deadline is read. The listener methods do nothing.
 */
public final class CallDeadlines implements HttpClientConfigurer, HttpActivityListener, AutoCloseable {

    /** The context attribute under which Camel's HttpProducer hands over the exchange. */
    static final String EXCHANGE_ATTRIBUTE = "org.apache.camel.Exchange";

    private final long callTimeoutMs;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    /** As application.properties builds it ({@code camel.beans.callDeadlines}), on the system clock. */
    public CallDeadlines(long callTimeoutMs) {
        this(callTimeoutMs, Clock.systemUTC());
    }

    public CallDeadlines(long callTimeoutMs, Clock clock) {
        this.callTimeoutMs = callTimeoutMs;
        this.clock = clock;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("treant-call-deadline").factory());
        executor.setRemoveOnCancelPolicy(true); // most calls end long before their deadline
        this.timer = Executors.unconfigurableScheduledExecutorService(executor);
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorFirst("treant-call-deadline", this::execute);
    }

    /** How long this call may take: the call timeout, or less when the exchange's deadline is nearer. */
    long allowedMs(Exchange exchange) {
        Instant deadline = exchange == null ? null : exchange.getProperty(Keys.CALL_DEADLINE, Instant.class);
        return deadline == null ? callTimeoutMs : Math.min(callTimeoutMs, deadline.toEpochMilli() - clock.millis());
    }

    ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        long allowed = allowedMs((Exchange) scope.clientContext.getAttribute(EXCHANGE_ATTRIBUTE));
        String target = request.getMethod() + " " + scope.route.getTargetHost().toHostString();
        if (allowed <= 0) {
            throw new Exceeded(target + " not called: its job's time budget is spent");
        }
        AtomicBoolean cut = new AtomicBoolean();
        ScheduledFuture<?> abort = timer.schedule(() -> {
            cut.set(true);
            if (scope.execRuntime instanceof Cancellable call) {
                call.cancel(); // closes the connection: a blocked connect or read fails at once
            } else {
                scope.execRuntime.discardEndpoint();
            }
        }, allowed, TimeUnit.MILLISECONDS);
        ClassicHttpResponse response;
        try {
            response = chain.proceed(request, scope);
        } catch (IOException e) {
            abort.cancel(false);
            throw cut.get() ? exceeded(target, allowed, e) : e;
        } catch (HttpException | RuntimeException e) {
            abort.cancel(false);
            throw e;
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            abort.cancel(false);
        } else {
            // the body is read after this returns, still under the same deadline
            response.setEntity(new DeadlineEntity(entity, abort, cut, target, allowed));
        }
        return response;
    }

    private static Exceeded exceeded(String target, long allowedMs, IOException cause) {
        Exceeded e = new Exceeded(target + " cut at its deadline after " + allowedMs + " ms");
        e.initCause(cause);
        return e;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    @Override
    public void onRequestSubmitted(Object source, Exchange exchange, HttpHost host, HttpRequest request, HttpEntity entity) {
        // nothing: see the class comment
    }

    @Override
    public void onResponseReceived(Object source, Exchange exchange, HttpHost host, HttpResponse response,
                                   HttpEntity entity, long elapsed) {
        // nothing: see the class comment
    }

    /** A call that did not finish (connect, send, whole response) by its deadline. */
    public static final class Exceeded extends InterruptedIOException {
        Exceeded(String message) {
            super(message);
        }
    }

    /** The response body, read under the call's deadline; the deadline is dropped once it is read or closed. */
    private static final class DeadlineEntity extends HttpEntityWrapper {
        private final ScheduledFuture<?> abort;
        private final AtomicBoolean cut;
        private final String target;
        private final long allowedMs;

        DeadlineEntity(HttpEntity entity, ScheduledFuture<?> abort, AtomicBoolean cut, String target, long allowedMs) {
            super(entity);
            this.abort = abort;
            this.cut = cut;
            this.target = target;
            this.allowedMs = allowedMs;
        }

        @Override
        public InputStream getContent() throws IOException {
            InputStream body;
            try {
                body = super.getContent();
            } catch (IOException e) {
                throw translate(e);
            }
            return new FilterInputStream(body) {
                @Override
                public int read() throws IOException {
                    try {
                        return ended(super.read());
                    } catch (IOException e) {
                        throw translate(e);
                    }
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return ended(super.read(b, off, len));
                    } catch (IOException e) {
                        throw translate(e);
                    }
                }

                @Override
                public void close() throws IOException {
                    abort.cancel(false);
                    try {
                        super.close();
                    } catch (IOException e) {
                        throw translate(e);
                    }
                }
            };
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = getContent()) {
                in.transferTo(out);
            }
        }

        @Override
        public void close() throws IOException {
            abort.cancel(false);
            super.close();
        }

        private int ended(int read) {
            if (read < 0) {
                abort.cancel(false);
            }
            return read;
        }

        private IOException translate(IOException e) {
            abort.cancel(false);
            return cut.get() && !(e instanceof Exceeded) ? exceeded(target, allowedMs, e) : e;
        }
    }
}
