package treant.bench;

import treant.testing.Fixtures;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import treant.queues.EmbeddedSqs;
import treant.Json;
import treant.queues.Queues;
import treant.jobs.CommandJob;

import treant.testing.TreantApp;

/**
 * Load generator for one worker process (run on demand, never a test): judge jobs go into an
 * in-process ElasticMQ; Discord, Blizzard (token, equipment, profile, media, talents) and Gemini (a
 * structured critique) are instant local fakes (JDK HttpServer answering with the fixtures). Measures
 * enqueue → PATCH latency (paced phase, p50/p90/p99) and jobs per second (burst phase: everything
 * enqueued at once, time until the last PATCH).
 *
 * <p>With {@code -Dworker=jar} the worker is the real jar ({@code target/treant.jar}, JVM options
 * {@code -Dworker.java-opts}, default the image's) in a process of its own, so the CPU per job it
 * reports is the worker's alone, not ElasticMQ's and the fakes' too; otherwise the worker runs in
 * this JVM and the CPU figure is the whole JVM's.
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/test.classpath) [-Dworker=jar] treant.bench.WorkerLoadBenchmark [pacedJobs] [burstJobs] [pacedPerSecond]
 * </pre>
 */
public final class WorkerLoadBenchmark {

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final Map<String, Long> SENT_AT = new ConcurrentHashMap<>();
    private static final Map<String, Long> PATCHED_AT = new ConcurrentHashMap<>();
    private static volatile CountDownLatch done;

    public static void main(String[] args) throws Exception {
        int paced = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int burst = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int perSecond = args.length > 2 ? Integer.parseInt(args[2]) : 100;

        HttpServer fakes = fakes();
        EmbeddedSqs sqsServer = new EmbeddedSqs("127.0.0.1", 0);
        sqsServer.start();
        SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(sqsServer.url())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
        String queueUrl = Queues.ensure(sqs, "bench-commands", 5, 60);
        Queues.ensure(sqs, "bench-voice", 5, 60);

        String base = "http://127.0.0.1:" + fakes.getAddress().getPort();
        Map<String, String> p = new HashMap<>();
        p.put("treant.sqs.endpoint", sqsServer.url());
        p.put("treant.sqs.command-queue", "bench-commands");
        p.put("treant.sqs.voice-queue", "bench-voice");
        p.put("treant.discord.api-url", base + "/discord");
        p.put("treant.blizzard.oauth-url", base + "/oauth/token");
        p.put("treant.blizzard.api-url", base);
        p.put("treant.gemini.api-url", base);
        p.put("treant.gemini.api-key", "bench");
        p.put("treant.store", "embedded");
        p.put("treant.store.embedded-file", Files.createTempDirectory("treant-bench").resolve("treant").toString());
        p.put("treant.worker.wait-time-seconds", "20");
        if (System.getProperty("consumers") != null) {
            p.put("treant.worker.concurrent-consumers", System.getProperty("consumers"));
        }
        // -Dtreant.x=y overrides any other setting, e.g. -Dtreant.worker.max-messages-per-poll=1
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("treant."))
                .forEach(k -> p.put(k, System.getProperty(k)));

        try (Worker worker = "jar".equals(System.getProperty("worker")) ? Worker.jar(p) : Worker.inProcess(p)) {
            run(sqs, queueUrl, 50, 100, "warm-up");
            run(sqs, queueUrl, 500, 0, "warm-up burst");
            SENT_AT.clear();
            PATCHED_AT.clear();
            long cpu0 = worker.cpuNanos();
            long[] latencies = run(sqs, queueUrl, paced, perSecond, "paced");
            long pacedCpu = worker.cpuNanos() - cpu0;
            report("enqueue→PATCH, paced at " + perSecond + "/s, " + paced + " judge jobs", latencies);

            SENT_AT.clear();
            PATCHED_AT.clear();
            long start = System.nanoTime();
            cpu0 = worker.cpuNanos();
            long[] burstLatencies = run(sqs, queueUrl, burst, 0, "burst");
            double seconds = (System.nanoTime() - start) / 1e9;
            long burstCpu = worker.cpuNanos() - cpu0;
            report("enqueue→PATCH, burst of " + burst + " (includes queueing)", burstLatencies);
            System.out.printf("throughput: %d judge jobs in %.2f s = %.0f jobs/s (one worker process, %s consumers)%n",
                    burst, seconds, burst / seconds, p.getOrDefault("treant.worker.concurrent-consumers", "default"));
            System.out.printf("CPU per job (%s): paced %.1f ms, burst %.1f ms%n", worker.cpuScope(),
                    pacedCpu / 1e6 / paced, burstCpu / 1e6 / burst);
        } finally {
            sqs.close();
            sqsServer.stop();
            fakes.stop(0);
        }
    }

    /** The worker under load: in this JVM (the CPU figure is the JVM's), or the jar in a process of its own. */
    private record Worker(ProcessHandle cpuOf, String cpuScope, AutoCloseable stop) implements AutoCloseable {

        long cpuNanos() {
            return cpuOf.info().totalCpuDuration().orElseThrow().toNanos();
        }

        @Override
        public void close() throws Exception {
            stop.close();
        }

        static Worker inProcess(Map<String, String> p) throws Exception {
            return new Worker(ProcessHandle.current(), "this JVM: worker, ElasticMQ and fakes together", TreantApp.start("worker", p));
        }

        static Worker jar(Map<String, String> p) throws Exception {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(Arrays.asList(System.getProperty("worker.java-opts",
                    "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms32m -Xmx384m -Xss512k").split("\\s+")));
            command.addAll(List.of("-Dtreant.roles=worker", "-Dtreant.http.host=127.0.0.1", "-Dtreant.management.host=127.0.0.1",
                    "-Dtreant.http.port=" + TreantApp.freePort(), "-Dtreant.management.port=" + TreantApp.freePort()));
            p.forEach((k, v) -> command.add("-D" + k + "=" + v)); // after the defaults: the last -D of a name wins
            command.addAll(List.of("-jar", System.getProperty("worker.jar", "target/treant.jar")));
            Path log = Files.createTempFile("treant-bench-worker", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("treant) started")) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the worker jar did not start; its log: " + log);
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            System.out.println("worker jar running (pid " + process.pid() + ", log " + log + ")");
            return new Worker(process.toHandle(), "the worker jar's process alone", () -> {
                process.destroy();
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            });
        }
    }

    /** Sends {@code n} judge jobs (batches of 10; paced when perSecond > 0) and waits for all PATCHes. */
    private static long[] run(SqsClient sqs, String queueUrl, int n, int perSecond, String label) throws Exception {
        done = new CountDownLatch(n);
        List<String> tokens = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < n; i += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int j = i; j < Math.min(n, i + 10); j++) {
                String token = label + "-" + j;
                tokens.add(token);
                CommandJob job = new CommandJob(1, "judge", Long.toString(1318000000000000000L + System.nanoTime() % 100_000_000_000L),
                        "1318000000000000001", token, "1200000000000000001", "1200000000000000050", "1100000000000000777",
                        null, "Barkskin", null, Instant.now());
                batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(j)).messageBody(MAPPER.writeValueAsString(job)).build());
                SENT_AT.put(token, System.nanoTime());
            }
            sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch));
            if (perSecond > 0) {
                long due = started + (long) ((i + 10) * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
        }
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException(label + ": only " + (n - done.getCount()) + " of " + n + " PATCHes in 120 s");
        }
        long[] latencies = new long[n];
        for (int i = 0; i < n; i++) {
            latencies[i] = PATCHED_AT.get(tokens.get(i)) - SENT_AT.get(tokens.get(i));
        }
        return latencies;
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%s: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", what,
                pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted[sorted.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static HttpServer fakes() throws IOException {
        // the JDK server leaves Nagle's algorithm on unless told: its responses (headers, then body) would
        // wait for the client's delayed ACK, about 40 ms per call, which is the fake's cost, not the worker's
        System.setProperty("sun.net.httpserver.nodelay", "true");
        byte[] token = Fixtures.text("blizzard/oauth-token.json").getBytes(StandardCharsets.UTF_8);
        byte[] equipment = Fixtures.text("blizzard/equipment-classicann-barkskin.json").getBytes(StandardCharsets.UTF_8);
        byte[] profile = Fixtures.text("blizzard/character-profile-classicann-barkskin.json").getBytes(StandardCharsets.UTF_8);
        byte[] media = Fixtures.text("blizzard/character-media-classicann-barkskin.json").getBytes(StandardCharsets.UTF_8);
        byte[] talents = Fixtures.text("blizzard/specializations-classicann-barkskin.json").getBytes(StandardCharsets.UTF_8);
        byte[] gemini = Fixtures.text("gemini/generate-content-structured-200.json").getBytes(StandardCharsets.UTF_8);
        byte[] edited = Fixtures.text("discord/edit-original-200.json").getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        // daemon threads: the JVM ends with main (HttpServer.stop does not shut its executor down)
        server.setExecutor(Executors.newFixedThreadPool(32, r -> {
            Thread t = new Thread(r, "bench-fake");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/oauth/token", e -> reply(e, token));
        server.createContext("/profile/", e -> {
            String path = e.getRequestURI().getPath(); // /profile/wow/character/{realm}/{name}[/part]
            reply(e, path.endsWith("/equipment") ? equipment : path.endsWith("/character-media") ? media
                    : path.endsWith("/specializations") ? talents : profile);
        });
        server.createContext("/v1beta/", e -> reply(e, gemini));
        server.createContext("/discord/", e -> {
            String path = e.getRequestURI().getPath(); // /discord/webhooks/{app}/{token}/messages/@original
            String tok = path.split("/")[4];
            reply(e, edited);
            if (PATCHED_AT.putIfAbsent(tok, System.nanoTime()) == null) {
                done.countDown();
            }
        });
        server.start();
        return server;
    }

    private static void reply(HttpExchange e, byte[] body) throws IOException {
        e.getRequestBody().readAllBytes();
        e.getResponseHeaders().add("Content-Type", "application/json");
        e.sendResponseHeaders(200, body.length);
        e.getResponseBody().write(body);
        e.close();
    }
}
