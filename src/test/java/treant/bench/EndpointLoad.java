package treant.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import treant.testing.DiscordSigner;
import treant.testing.Fixtures;

/**
 * Load generator for the interactions endpoint: unique interactions built from Discord's
 * payloads, each signed with a real Ed25519 key, sent over HTTP/1.1 to 127.0.0.1 only.
 *
 * <ul>
 *   <li>open loop ({@code --rate R}): requests follow a fixed schedule whatever the answers, and
 *       latency counts from each request's scheduled time, so queueing is not hidden;</li>
 *   <li>closed loop ({@code --closed}): each connection sends when its last answer arrived — max throughput;</li>
 *   <li>{@code --first-200 --since <epoch ms>}: polls a signed PING until it gets 200 and prints
 *       the milliseconds since the given start time (start-up time to first answer).</li>
 * </ul>
 * Every run is bounded by {@code --duration} seconds (default 20, at most 300) and stops by itself.
 */
public final class EndpointLoad {

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = parse(args);
        DiscordSigner signer = opt.containsKey("seed-file")
                ? new DiscordSigner(Files.readString(Path.of(opt.get("seed-file"))).trim())
                : new DiscordSigner(DiscordSigner.FIXED_SEED);
        if (opt.containsKey("public-key")) {
            System.out.println(signer.publicKeyHex());
            return;
        }
        URI target = URI.create(opt.getOrDefault("target", "http://127.0.0.1:8080/interactions"));
        if (!"127.0.0.1".equals(target.getHost()) && !"localhost".equals(target.getHost())) {
            throw new IllegalArgumentException("the load tool only targets loopback (127.0.0.1)");
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

        if (opt.containsKey("first-200")) {
            firstAnswer(http, target, signer, Long.parseLong(opt.get("since")));
            return;
        }
        int duration = Math.min(300, Integer.parseInt(opt.getOrDefault("duration", "20")));
        int connections = Integer.parseInt(opt.getOrDefault("connections", "32"));
        List<String> mix = mix(opt.getOrDefault("mix", "ping:1,pun:1,gold:1"));
        boolean closed = opt.containsKey("closed");
        double rate = closed ? 0 : Double.parseDouble(opt.getOrDefault("rate", "200"));
        int count = closed ? Integer.parseInt(opt.getOrDefault("max-requests", "80000"))
                : (int) Math.ceil(rate * duration);

        System.err.printf("signing %d unique requests…%n", count);
        HttpRequest[] requests = prepare(target, signer, mix, count);
        Result result = closed ? closedLoop(http, requests, connections, duration)
                : openLoop(http, requests, rate, connections, duration);
        System.out.println(result.report(closed ? "closed" : "open", rate, connections));
    }

    static HttpRequest[] prepare(URI target, DiscordSigner signer, List<String> mix, int count) {
        Map<String, ObjectNode> templates = new LinkedHashMap<>();
        for (String kind : mix) {
            templates.computeIfAbsent(kind, Fixtures::tree);
        }
        String ts = DiscordSigner.now();
        long idBase = 1_400_000_000_000_000_000L + System.nanoTime() % 1_000_000_000L * 1000;
        HttpRequest[] out = new HttpRequest[count];
        java.util.stream.IntStream.range(0, count).parallel().forEach(i -> {
            ObjectNode tree = templates.get(mix.get(i % mix.size())).deepCopy();
            tree.put("id", Long.toString(idBase + i)); // unique: the api must enqueue every one
            if (tree.path("member").path("user").isObject()) {
                // a guild of many members (the api gives each user a burst of voice jobs, then one per refill)
                ((ObjectNode) tree.path("member").path("user")).put("id", Long.toString(1_100_000_000_000_000_000L + i));
            }
            byte[] body = Fixtures.toBytes(tree);
            out[i] = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("X-Signature-Ed25519", signer.sign(ts, body))
                    .header("X-Signature-Timestamp", ts)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        });
        return out;
    }

    static Result openLoop(HttpClient http, HttpRequest[] requests, double rate, int connections, int duration)
            throws InterruptedException {
        Result result = new Result(requests.length);
        Semaphore inFlight = new Semaphore(connections);
        long intervalNanos = (long) (1e9 / rate);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(duration);
        AtomicLong maxLag = new AtomicLong();
        int sent = 0;
        for (; sent < requests.length; sent++) {
            long scheduled = start + sent * intervalNanos;
            if (scheduled > deadline) {
                break;
            }
            long wait;
            while ((wait = scheduled - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 200_000));
            }
            maxLag.accumulateAndGet(System.nanoTime() - scheduled, Math::max);
            // connections bound the requests in flight; waiting for one counts as latency
            if (!inFlight.tryAcquire(deadline + TimeUnit.SECONDS.toNanos(5) - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                break;
            }
            int index = sent;
            http.sendAsync(requests[index], HttpResponse.BodyHandlers.discarding()).whenComplete((r, err) -> {
                inFlight.release();
                result.record(index, System.nanoTime() - scheduled, r == null ? -1 : r.statusCode());
            });
        }
        inFlight.tryAcquire(connections, 15, TimeUnit.SECONDS);
        result.finish(sent, System.nanoTime() - start, maxLag.get());
        return result;
    }

    static Result closedLoop(HttpClient http, HttpRequest[] requests, int connections, int duration)
            throws InterruptedException {
        Result result = new Result(requests.length);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(duration);
        CountDownLatch done = new CountDownLatch(connections);
        for (int c = 0; c < connections; c++) {
            Thread.ofVirtual().start(() -> {
                try {
                    int i;
                    while (System.nanoTime() < deadline && (i = next.getAndIncrement()) < requests.length) {
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = http.send(requests[i], HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (Exception e) {
                            status = -1;
                        }
                        result.record(i, System.nanoTime() - t0, status);
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await(duration + 20L, TimeUnit.SECONDS);
        result.finish(Math.min(next.get(), requests.length), System.nanoTime() - start, 0);
        return result;
    }

    static void firstAnswer(HttpClient http, URI target, DiscordSigner signer, long sinceEpochMs) throws Exception {
        byte[] ping = Fixtures.bytes("discord/ping.json");
        long giveUp = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < giveUp) {
            String ts = DiscordSigner.now();
            HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(2))
                    .header("Content-Type", "application/json") // as Discord sends it: anything else is 415
                    .header("X-Signature-Ed25519", signer.sign(ts, ping)).header("X-Signature-Timestamp", ts)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ping)).build();
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    System.out.println(System.currentTimeMillis() - sinceEpochMs);
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no 200 within 60 s");
    }

    static final class Result {
        final long[] latencies;
        final int[] statuses;
        final Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
        int sent;
        long elapsedNanos;
        long maxLagNanos;

        Result(int capacity) {
            latencies = new long[capacity];
            statuses = new int[capacity];
        }

        void record(int index, long latencyNanos, int status) {
            latencies[index] = latencyNanos;
            statuses[index] = status;
            byStatus.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        }

        void finish(int sent, long elapsedNanos, long maxLagNanos) {
            this.sent = sent;
            this.elapsedNanos = elapsedNanos;
            this.maxLagNanos = maxLagNanos;
        }

        String report(String mode, double rate, int connections) {
            List<Long> done = new ArrayList<>();
            for (int i = 0; i < sent; i++) {
                if (statuses[i] != 0) {
                    done.add(latencies[i]);
                }
            }
            long[] sorted = done.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            int ok = byStatus.getOrDefault(200, new AtomicInteger()).get();
            double seconds = elapsedNanos / 1e9;
            return String.format(java.util.Locale.ROOT,
                    "{\"mode\":\"%s\",\"targetRate\":%.0f,\"connections\":%d,\"sent\":%d,\"answered\":%d,\"ok200\":%d,"
                            + "\"statuses\":%s,\"achievedRate\":%.1f,\"p50Ms\":%.2f,\"p99Ms\":%.2f,\"p999Ms\":%.2f,"
                            + "\"maxMs\":%.2f,\"maxSendLagMs\":%.2f}",
                    mode, rate, connections, sent, sorted.length, ok, new TreeMap<>(byStatus), sorted.length / seconds,
                    pct(sorted, 0.50), pct(sorted, 0.99), pct(sorted, 0.999),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, maxLagNanos / 1e6);
        }

        static double pct(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
        }
    }

    static List<String> mix(String spec) {
        List<String> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] kv = part.split(":");
            for (int i = 0; i < Integer.parseInt(kv[1]); i++) {
                out.add(kv[0]);
            }
        }
        return out;
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i].replaceFirst("^--", "");
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            out.put(key, flag ? "true" : args[++i]);
        }
        return out;
    }
}
