package treant.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import treant.jobs.VoiceJob;
import treant.voice.ScriptedVoiceGateway;
import treant.voice.Tones;
import treant.voice.VoiceRouteFixture;

/**
 * Latency from a voice job put on the queue to its first 20 ms frame handed to JDA's send handler, through the
 * real voice route: ElasticMQ (SQS, long polling as configured), a local Polly stub returning 0.2 s of PCM (or
 * the espeak engine), resampling, the per-guild speaker. Jobs go one at a time: the next is sent when the previous
 * one has played, so this is the latency of an idle bridge (under load treant.voice.max-audio-mb-in-flight queues jobs).
 * JDA's audio thread takes a ready frame at its next 20 ms tick (not included).
 *
 * Run: mvn -o -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=treant.bench.VoiceJobToFirstFrameBench
 *      -Dexec.args="200 30 polly"   (jobs, warm-up jobs, engine polly|espeak)
 */
public final class VoiceJobToFirstFrameBench {

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        String engine = args.length > 2 ? args[2] : "polly";
        ScriptedVoiceGateway gateway = new ScriptedVoiceGateway(20_000);
        for (int i = 0; i < jobs + warmup; i++) {
            gateway.member(Integer.toString(1000 + i), "2000", "c" + i);
        }
        List<Long> micros = new ArrayList<>();
        try (VoiceRouteFixture fixture = new VoiceRouteFixture(gateway)) {
            fixture.polly.stubFor(post(urlEqualTo("/v1/speech")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "audio/pcm").withBody(Tones.sine16kMonoLe(200, 3_200, 8_000))));
            Map<String, String> settings = new java.util.HashMap<>(Map.of("treant.tts.engine", engine,
                    "treant.voice.wait-seconds", "1", "treant.voice.idle-leave-seconds", "300"));
            // -Dtreant.x=y overrides a setting for a run, e.g. -Dtreant.voice.consumers=1
            System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("treant."))
                    .forEach(k -> settings.put(k, System.getProperty(k)));
            fixture.start(settings);
            for (int i = 0; i < jobs + warmup; i++) {
                String guild = Integer.toString(1000 + i);
                long sent = System.nanoTime();
                long sentWall = System.currentTimeMillis();
                fixture.send(VoiceJob.of(guild, "2000", "The treant hums a low song for the raid.", Integer.toString(3000 + i), Instant.now()));
                long deadline = sent + 30_000_000_000L;
                Long handed;
                while ((handed = gateway.handedOverNanos.get(guild)) == null) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("job " + i + " not played within 30 s");
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                }
                // the next job starts from an idle bridge: this one has played (0.2 s) and its message is settled
                while (gateway.plays.size() < i + 1) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("job " + i + " did not finish playing within 30 s");
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
                if (i >= warmup) {
                    micros.add((handed - sent) / 1_000);
                    if (System.getenv("BENCH_PHASES") != null) {
                        var reqs = fixture.polly.getAllServeEvents();
                        long pollyAt = reqs.getFirst().getRequest().getLoggedDate().getTime();
                        System.out.printf("sent->polly %d ms, total %d ms%n", pollyAt - sentWall, (handed - sent) / 1_000_000);
                    }
                }
            }
        }
        Collections.sort(micros);
        System.out.printf("voice job -> first 20 ms frame handed to JDA, engine=%s, jobs=%d (after %d warm-up)%n", engine, micros.size(), warmup);
        System.out.printf("  p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms  mean %.1f ms%n",
                pct(micros, 50), pct(micros, 90), pct(micros, 99), micros.getLast() / 1000.0,
                micros.stream().mapToLong(Long::longValue).average().orElse(0) / 1000.0);
        System.exit(0);
    }

    private static double pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1000.0;
    }
}
