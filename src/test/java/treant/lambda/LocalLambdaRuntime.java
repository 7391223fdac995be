package treant.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Lambda Runtime API (the part a runtime client speaks) on a free loopback port: invocations
 * are queued by {@link #invoke}, handed out by the long-poll {@code GET /runtime/invocation/next},
 * and completed by the client's {@code POST …/{id}/response} or {@code …/{id}/error}.
 */
public final class LocalLambdaRuntime implements AutoCloseable {

    static final String BASE = "/2018-06-01/runtime";
    public static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:treant-local";

    /** What the runtime client answered; times in nanoseconds of this JVM's clock. */
    public record Result(boolean error, String errorType, String body, long handedOutAt, long answeredAt) {
        /** From the event leaving /next to the answer arriving: deserialise, handler, serialise, HTTP. */
        public Duration inClient() {
            return Duration.ofNanos(answeredAt - handedOutAt);
        }
    }

    private record Invocation(String id, String event, Duration timeout, CompletableFuture<Result> result) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "local-lambda-runtime");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<Invocation> queued = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> handedOut = new ConcurrentHashMap<>();
    private final Map<String, Long> handedOutAt = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private volatile boolean closed;

    public LocalLambdaRuntime() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(threads);
        server.createContext(BASE + "/invocation/next", this::next);
        server.createContext(BASE + "/invocation/", this::answer);
        server.createContext(BASE + "/init/error", ex -> {
            initError.complete(read(ex));
            reply(ex, 202, "{\"status\":\"OK\"}");
        });
        server.start();
    }

    /** host:port, the value of AWS_LAMBDA_RUNTIME_API. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues one event; the future completes with the client's answer, or fails after {@code timeout}. */
    public CompletableFuture<Result> invoke(String eventJson, Duration timeout) {
        Invocation inv = new Invocation(UUID.randomUUID().toString(), eventJson, timeout, new CompletableFuture<>());
        queued.add(inv);
        return inv.result().orTimeout(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    }

    public Result invokeAndWait(String eventJson, Duration timeout) throws Exception {
        return invoke(eventJson, timeout).get();
    }

    /** When the client first asked for work, i.e. its init (handler constructor) was done. */
    public long awaitReady(Duration max) throws Exception {
        CompletableFuture<Object> either = CompletableFuture.anyOf(firstPoll, initError);
        Object first;
        try {
            first = either.get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the runtime client did not ask for an invocation within " + max);
        }
        if (first instanceof String error) {
            throw new AssertionError("the function's init failed: " + error);
        }
        return (Long) first;
    }

    private void next(HttpExchange ex) throws IOException {
        firstPoll.complete(System.nanoTime());
        Invocation inv = null;
        // a long poll, as Lambda's: held until there is work or the runtime closes (bounded by close())
        try {
            while (inv == null && !closed) {
                inv = queued.poll(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (inv == null) {
            reply(ex, 500, "{\"errorMessage\":\"runtime closed\"}");
            return;
        }
        handedOut.put(inv.id(), inv);
        handedOutAt.put(inv.id(), System.nanoTime());
        ex.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", inv.id());
        ex.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms",
                Long.toString(System.currentTimeMillis() + inv.timeout().toMillis()));
        ex.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
        ex.getResponseHeaders().set("Lambda-Runtime-Trace-Id",
                "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + inv.id().replace("-", "").substring(0, 24)
                        + ";Parent=0000000000000001;Sampled=0");
        reply(ex, 200, inv.event());
    }

    /** POST …/invocation/{id}/response or …/{id}/error */
    private void answer(HttpExchange ex) throws IOException {
        String[] parts = ex.getRequestURI().getPath().substring((BASE + "/invocation/").length()).split("/");
        if (!"POST".equals(ex.getRequestMethod()) || parts.length != 2) {
            reply(ex, 404, "{\"errorMessage\":\"no such resource\"}");
            return;
        }
        String body = read(ex);
        long at = System.nanoTime();
        Invocation inv = handedOut.remove(parts[0]);
        Long out = handedOutAt.remove(parts[0]);
        if (inv == null) {
            reply(ex, 400, "{\"errorMessage\":\"unknown request id\"}");
            return;
        }
        boolean error = "error".equals(parts[1]);
        inv.result().complete(new Result(error, ex.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"),
                body, out, at));
        reply(ex, 202, "{\"status\":\"OK\"}");
    }

    private static String read(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        threads.shutdownNow();
    }
}
