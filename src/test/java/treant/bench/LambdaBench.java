package treant.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import treant.lambda.ApiFunction;
import treant.lambda.LambdaEvents;
import treant.lambda.LambdaProcess;
import treant.lambda.LocalLambdaRuntime;
import treant.testing.DiscordSigner;
import treant.testing.Fixtures;
import treant.testing.LocalSqs;
import treant.worker.WorkerServices;

/**
 * The Lambda handlers' figures (docs/lambda.md), on demand, not a test. Run with the classpath
 * bin/lambda-local builds (target/lambda-local.classpath):
 *   java -cp target/test-classes:target/classes:$(cat target/lambda-local.classpath) treant.bench.LambdaBench MODE
 * MODE: init [jvm options…]   JVM start → first answered PING under the runtime client, 5 runs
 *       aot-train <cache> [jvm options…]  one run writing a JDK AOT cache for the api function's command line
 *       warm                  time inside handleRequest (in-process) and the runtime-client round trip, PING and gold
 *       worker-rss            peak RSS of the worker function after gold batches
 * The child JVM's classpath is -Dlambda.classpath when set (e.g. runtime jars + the runtime client only;
 * bin/bench lambda-init: the function artifact and the runtime client), its SDK HTTP client -Dlambda.http-client.
 */
public final class LambdaBench {

    static final DiscordSigner SIGNER = new DiscordSigner(DiscordSigner.FIXED_SEED);
    static final String API = "treant.lambda.ApiFunction::handleRequest";

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "init" -> init(Arrays.asList(args).subList(1, args.length));
            case "aot-train" -> aotTrain(args[1], Arrays.asList(args).subList(2, args.length));
            case "warm" -> warm();
            case "worker-rss" -> workerRss();
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    static String ping() {
        return LambdaEvents.signedInteraction(SIGNER, Fixtures.bytes("discord/ping.json"));
    }

    static String gold(long n) {
        ObjectNode gold = Fixtures.tree("gold");
        gold.put("id", Long.toString(1319000000000000000L + n));
        return LambdaEvents.signedInteraction(SIGNER, Fixtures.toBytes(gold));
    }

    /** -Dlambda.http-client: the SDK's HTTP client (url-connection for the function artifact, which has no other). */
    static Map<String, String> apiEnv(String sqsUrl) {
        return Map.of("TREANT_DISCORD_PUBLIC_KEY", SIGNER.publicKeyHex(), "TREANT_SQS_ENDPOINT", sqsUrl,
                "TREANT_AWS_HTTP_CLIENT", System.getProperty("lambda.http-client", "apache"));
    }

    static void init(List<String> jvmArgs) throws Exception {
        List<Long> ready = new ArrayList<>();
        List<Long> answered = new ArrayList<>();
        for (int run = 0; run < 5; run++) {
            try (LocalLambdaRuntime runtime = new LocalLambdaRuntime()) {
                var first = runtime.invoke(ping(), Duration.ofSeconds(60));
                LambdaProcess f = LambdaProcess.start(API, runtime, apiEnv("http://127.0.0.1:9"), jvmArgs);
                try {
                    long readyAt = runtime.awaitReady(Duration.ofSeconds(60));
                    var r = first.get();
                    if (r.error() || !r.body().contains("{\\\"type\\\":1}")) {
                        throw new IllegalStateException("PING not answered: " + r.body() + "\n" + f.output());
                    }
                    ready.add((readyAt - f.startedAt) / 1_000_000);
                    answered.add((r.answeredAt() - f.startedAt) / 1_000_000);
                } finally {
                    f.close();
                }
            }
        }
        System.out.printf("init %s: handler ready (first GET /next) ms %s; first PING answered ms %s; median %d ms%n",
                jvmArgs, ready, answered, answered.stream().sorted().toList().get(answered.size() / 2));
    }

    static void aotTrain(String cache, List<String> jvmArgs) throws Exception {
        try (LocalSqs sqs = new LocalSqs(); LocalLambdaRuntime runtime = new LocalLambdaRuntime()) {
            List<String> args = new ArrayList<>(jvmArgs);
            args.add("-XX:AOTCacheOutput=" + cache);
            LambdaProcess f = LambdaProcess.start(API, runtime, apiEnv(sqs.url()), args);
            runtime.awaitReady(Duration.ofSeconds(60));
            for (int i = 0; i < 200; i++) {
                runtime.invokeAndWait(ping(), Duration.ofSeconds(30));
                runtime.invokeAndWait(gold(i), Duration.ofSeconds(30));
                runtime.invokeAndWait(LambdaEvents.apiEvent(Map.of(), "{}", false), Duration.ofSeconds(30));
            }
            f.close();
            System.out.println("AOT training exit " + f.process.exitValue() + "; log " + f.log);
        }
    }

    static void warm() throws Exception {
        try (LocalSqs sqs = new LocalSqs()) {
            // in-process: Camel reads system properties like the environment (both override application.properties)
            System.setProperty("treant.discord.public-key", SIGNER.publicKeyHex());
            System.setProperty("treant.sqs.endpoint", sqs.url());
            ApiFunction api = new ApiFunction();
            int n = 3000;
            long[] pings = new long[n];
            long[] golds = new long[n / 3];
            for (int i = 0; i < n; i++) {
                APIGatewayV2HTTPEvent e = event(ping());
                long t = System.nanoTime();
                api.handleRequest(e, null);
                pings[i] = System.nanoTime() - t;
            }
            for (int i = 0; i < golds.length; i++) {
                APIGatewayV2HTTPEvent e = event(gold(i));
                long t = System.nanoTime();
                var r = api.handleRequest(e, null);
                golds[i] = System.nanoTime() - t;
                if (!"{\"type\":5}".equals(r.getBody())) {
                    throw new IllegalStateException(r.getBody());
                }
            }
            report("in handleRequest, PING (last 2000 of 3000)", Arrays.copyOfRange(pings, 1000, n));
            report("in handleRequest, gold → local SQS (last 800 of 1000)", Arrays.copyOfRange(golds, 200, golds.length));
            sqs.drain(LocalSqs.COMMANDS);

            try (LocalLambdaRuntime runtime = new LocalLambdaRuntime()) {
                LambdaProcess f = LambdaProcess.start(API, runtime, apiEnv(sqs.url()), List.of());
                runtime.awaitReady(Duration.ofSeconds(60));
                long[] rtPing = new long[1000];
                long[] clientPing = new long[1000];
                long[] rtGold = new long[300];
                for (int i = 0; i < rtPing.length; i++) {
                    String e = ping();
                    long t = System.nanoTime();
                    var r = runtime.invokeAndWait(e, Duration.ofSeconds(30));
                    rtPing[i] = System.nanoTime() - t;
                    clientPing[i] = r.answeredAt() - r.handedOutAt();
                }
                for (int i = 0; i < rtGold.length; i++) {
                    String e = gold(100_000 + i);
                    long t = System.nanoTime();
                    runtime.invokeAndWait(e, Duration.ofSeconds(30));
                    rtGold[i] = System.nanoTime() - t;
                }
                report("runtime client round trip, PING (invoke → response POST, last 500)", Arrays.copyOfRange(rtPing, 500, 1000));
                report("  of which inside the client (event out of /next → response in)", Arrays.copyOfRange(clientPing, 500, 1000));
                report("runtime client round trip, gold (last 200)", Arrays.copyOfRange(rtGold, 100, 300));
                System.out.printf("api function peak RSS (VmHWM): %d MB%n", f.peakRssKb() / 1024);
                f.close();
            }
        }
    }

    static void workerRss() throws Exception {
        try (WorkerServices services = new WorkerServices().start(false); LocalLambdaRuntime runtime = new LocalLambdaRuntime()) {
            services.stubHappyPath();
            Map<String, String> queues = services.freshQueues(2, 30);
            String store = java.nio.file.Files.createTempDirectory("treant-bench").resolve("treant").toString();
            Map<String, String> props = new HashMap<>(services.workerProperties(queues, "embedded", store));
            LambdaProcess f = LambdaProcess.start("treant.lambda.WorkerFunction::handleRequest", runtime,
                    LambdaEvents.asEnvironment(props), List.of());
            runtime.awaitReady(Duration.ofSeconds(60));
            long[] batches = new long[20];
            for (int b = 0; b < batches.length; b++) {
                List<Map.Entry<String, String>> records = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    records.add(Map.entry("m" + b + "-" + i, services.mapper.writeValueAsString(services.goldJob(1000 + i))));
                }
                long t = System.nanoTime();
                var r = runtime.invokeAndWait(LambdaEvents.sqsEvent(queues.get("treant.sqs.command-queue"), records),
                        Duration.ofSeconds(60));
                batches[b] = System.nanoTime() - t;
                if (r.error() || r.body().contains("itemIdentifier")) {
                    throw new IllegalStateException(r.body() + "\n" + f.output());
                }
            }
            report("worker batch of 10 gold jobs, round trip (last 15 of 20)", Arrays.copyOfRange(batches, 5, 20));
            System.out.printf("worker function peak RSS (VmHWM): %d MB; Discord edits: %d%n", f.peakRssKb() / 1024,
                    services.edits().size());
            f.close();
        }
    }

    static APIGatewayV2HTTPEvent event(String json) throws Exception {
        var tree = LambdaEvents.MAPPER.readTree(json);
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        Map<String, String> headers = new HashMap<>();
        tree.get("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
        e.setHeaders(headers);
        e.setBody(tree.get("body").asText());
        e.setIsBase64Encoded(false);
        return e;
    }

    static void report(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("%s: p50 %.3f ms, p99 %.3f ms, max %.3f ms (n=%d)%n", what, s[s.length / 2] / 1e6,
                s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)] / 1e6, s[s.length - 1] / 1e6, s.length);
    }
}
