package treant.bench;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import treant.jobs.CommandJob;
import treant.testing.Await;
import treant.testing.TreantApp;
import treant.worker.WorkerServices;

/**
 * The judge's wall time, one job at a time: from the job sent to the command queue to Discord
 * receiving the edit, with every outside service a local fake (WireMock serving the fixtures) that
 * answers after {@code delayMs} (150 ms: about what Blizzard takes). The token is fetched once, by
 * the warm-up jobs; each measured job then makes the gear/summary/media/talents calls, Gemini and
 * the edit. Run on demand (bin/bench judge), never a test.
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/test.classpath) treant.bench.JudgeWallTime [jobs] [warmup] [delayMs]</pre>
 */
public final class JudgeWallTime {

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int delayMs = args.length > 2 ? Integer.parseInt(args[2]) : 150;
        try (WorkerServices services = new WorkerServices().start(false)) {
            services.stubHappyPath(delayMs);
            Map<String, String> queues = services.freshQueues(5, 30);
            Map<String, String> p = services.workerProperties(queues, "embedded",
                    Files.createTempDirectory("treant-judge-bench").resolve("treant").toString());
            p.put("treant.gemini.total-timeout-ms", "20000");
            try (TreantApp worker = TreantApp.start("worker", p)) {
                List<Long> millis = new ArrayList<>();
                for (int i = 0; i < warmup + jobs; i++) {
                    CommandJob job = services.judgeJob("Barkskin");
                    long sent = System.currentTimeMillis();
                    services.send(queues.get("treant.sqs.command-queue"), job);
                    Await.until(java.time.Duration.ofSeconds(30), "the edit", () -> !services.editsFor(job).isEmpty());
                    long edited = services.editsFor(job).get(0).getLoggedDate().getTime();
                    if (i >= warmup) {
                        millis.add(edited - sent);
                    }
                }
                Collections.sort(millis);
                System.out.printf("{\"jobs\":%d,\"fakeDelayMs\":%d,\"p50Ms\":%d,\"p90Ms\":%d,\"minMs\":%d,\"maxMs\":%d}%n",
                        jobs, delayMs, millis.get(millis.size() / 2), millis.get((int) Math.ceil(millis.size() * 0.9) - 1),
                        millis.get(0), millis.get(millis.size() - 1));
            }
        }
        System.exit(0);
    }
}
