package treant.deploy;

import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;

/**
 * One Treant role as the container runs it: {@code java -jar treant.jar} (the application's build,
 * ../target/treant.jar), configured by environment variables only, its output in a log file. Nothing
 * of the test JVM's environment that could configure it (TREANT_*, AWS_*, CAMEL_*) is passed on.
 */
final class TreantProcess implements AutoCloseable {

    static final Path JAR = Path.of("../target/treant.jar");
    private static final Duration MAX_LIFE = Duration.ofMinutes(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int managementPort;
    final Path log;
    private final Process process;

    private TreantProcess(String name, int managementPort, Path log, Process process) {
        this.name = name;
        this.managementPort = managementPort;
        this.log = log;
        this.process = process;
    }

    static Path requireJar() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("the IAM contract test runs the application's jar, " + JAR.toAbsolutePath().normalize()
                    + ", which is missing: run `mvn -B package` at the repository root first (bin/test does)");
        }
        return JAR;
    }

    static TreantProcess start(String name, Map<String, String> env, Path log) throws IOException {
        int management = freePort();
        Files.createDirectories(log.getParent());
        // coreutils' timeout bounds a child the test JVM could not stop (killed itself), and passes a stop on
        ProcessBuilder pb = new ProcessBuilder("timeout", Long.toString(MAX_LIFE.toSeconds()),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-jar", requireJar().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("TREANT_") || k.startsWith("AWS_") || k.startsWith("CAMEL_"));
        pb.environment().putAll(env);
        pb.environment().put("TREANT_MANAGEMENT_HOST", "127.0.0.1");
        pb.environment().put("TREANT_MANAGEMENT_PORT", Integer.toString(management));
        return new TreantProcess(name, management, log, pb.start());
    }

    /**
     * Waits (bounded) for readiness: every route started and what the role uses answers.
     * {@code meanwhile} runs on every poll and may end the wait by throwing.
     */
    void awaitReady(Duration max, Runnable meanwhile) throws Exception {
        Instant deadline = Instant.now().plus(max);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            meanwhile.run();
            if (!process.isAlive()) {
                throw new AssertionError(name + " stopped (exit " + process.exitValue() + ") before it was ready:\n" + tail(40));
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/observe/health/ready?data=true"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " was not ready within " + max.toSeconds() + " s (" + last + "):\n" + tail(40));
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
