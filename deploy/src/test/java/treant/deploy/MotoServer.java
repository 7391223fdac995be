package treant.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * moto (a Python implementation of the AWS APIs) as a server on 127.0.0.1, started through
 * {@code src/test/moto/iam_moto_server.py}, which makes moto check resource ARNs as IAM does and
 * report every request it refuses. Requests are not checked until {@link #enforceIam()}: the set-up
 * (queues, table, secrets, IAM users) goes first, as anyone.
 */
final class MotoServer implements AutoCloseable {

    /** moto's account and the region the test uses. */
    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";

    private static final Path LAUNCHER = Path.of("src/test/moto/iam_moto_server.py");
    private static final int MAX_SECONDS = 600;

    private final Process process;
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    /** access key id → "action resource" of every checked call moto allowed it. */
    private final Map<String, Set<String>> allowed = new ConcurrentHashMap<>();
    private final CompletableFuture<String> address = new CompletableFuture<>();
    final String endpoint;

    private MotoServer(Process process, Path log) throws Exception {
        this.process = process;
        Thread reader = new Thread(() -> readOutput(log), "moto-output");
        reader.setDaemon(true);
        reader.start();
        try {
            endpoint = "http://" + address.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("moto did not listen within 30 s; see " + log);
        }
    }

    /** Fails, saying how to install it, when python3 has no moto server. */
    static MotoServer start(Path log) throws Exception {
        String python = System.getenv().getOrDefault("MOTO_PYTHON", "python3");
        requireMoto(python);
        Files.createDirectories(log.getParent());
        return new MotoServer(new ProcessBuilder(python, LAUNCHER.toString(), Integer.toString(MAX_SECONDS))
                .redirectError(log.toFile())
                .start(), log);
    }

    /** Reads the launcher's reports; keeps a copy beside moto's log ({@code <log>.calls}) for whoever reads a failure. */
    private void readOutput(Path log) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             var copy = Files.newBufferedWriter(Path.of(log + ".calls"), StandardCharsets.UTF_8)) {
            for (String line; (line = out.readLine()) != null; ) {
                copy.write(line);
                copy.newLine();
                copy.flush();
                if (line.startsWith("moto ")) {
                    address.complete(line.substring(5).trim());
                } else if (line.startsWith("denied ")) {
                    refusals.add(line.substring(7));
                } else if (line.startsWith("allowed ")) {
                    String[] keyAndCall = line.substring(8).split(" ", 2);
                    allowed.computeIfAbsent(keyAndCall[0], k -> new ConcurrentSkipListSet<>()).add(keyAndCall[1]);
                }
            }
        } catch (IOException e) {
            address.completeExceptionally(e);
        }
        address.completeExceptionally(new IllegalStateException("moto ended before it listened; see " + log));
    }

    private static void requireMoto(String python) throws Exception {
        Process check = new ProcessBuilder(python, "-c", "import moto, moto.server, boto3; print(moto.__version__)")
                .redirectErrorStream(true).start();
        if (!check.waitFor(60, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            throw new IllegalStateException(python + " did not answer within 60 s");
        }
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (check.exitValue() != 0) {
            throw new IllegalStateException("The IAM contract test needs moto's server for " + python
                    + " (pip install 'moto[server]'; moto 5.x), or MOTO_PYTHON=<a python with it>: " + out);
        }
    }

    /** From now on every request is checked against its caller's IAM policies. */
    void enforceIam() throws Exception {
        // the server-mode form of moto's set_initial_no_auth_action_count(0) (INITIAL_NO_AUTH_ACTION_COUNT)
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint + "/moto-api/reset-auth"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("0")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("moto refused to enforce IAM: " + r.statusCode() + " " + r.body());
        }
    }

    /** Every request moto refused so far: "AccessDenied: User: arn:…:user/X is not authorized to perform: svc:Action (resource arn:…)". */
    List<String> refusals() {
        return List.copyOf(refusals);
    }

    /** The calls ("service:Action resource") moto allowed the holder of this access key, once it checked them. */
    Set<String> allowedCalls(String accessKeyId) {
        return Set.copyOf(allowed.getOrDefault(accessKeyId, Set.of()));
    }

    /**
     * Waits (bounded) for a refusal to be reported: moto prints it before it answers, but the line
     * reaches this JVM through a pipe, a moment after the caller got its 403.
     */
    boolean awaitRefusal(Predicate<String> which, Duration max) throws InterruptedException {
        Instant deadline = Instant.now().plus(max);
        while (refusals.stream().noneMatch(which)) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public void close() throws Exception {
        try {
            process.getOutputStream().close(); // the launcher stops when its standard input closes
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
