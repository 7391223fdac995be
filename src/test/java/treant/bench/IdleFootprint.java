package treant.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.util.encoders.Hex;
import treant.testing.TreantApp;
import treant.voice.ScriptedVoiceGateway;

/**
 * Memory of all three roles in one idle JVM (a main, on demand; README, Performance): the real
 * application with api, worker and voice routes, the embedded price history, espeak-ng speech, and
 * SQS at {@code sqsEndpoint} (another process, as in production; without it an embedded ElasticMQ,
 * which the figure then includes). Only Discord's voice gateway is a local stand-in (no network
 * here), so JDA's own footprint is not in the figure ({@code bin/bench gateway} measures it). Waits {@code seconds} (default 30) idle, then
 * prints VmRSS and VmHWM. Run it with the JVM options being sized, e.g. the Dockerfile's JAVA_OPTS:
 * {@code IdleFootprint [seconds] [sqsEndpoint]}.
 */
public final class IdleFootprint {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Path data = Files.createTempDirectory("treant-idle");
        String sqs = args.length > 1 ? args[1] : "";
        String key = Hex.toHexString(new Ed25519PrivateKeyParameters(new SecureRandom()).generatePublicKey().getEncoded());
        try (ScriptedVoiceGateway gateway = new ScriptedVoiceGateway(20_000);
             TreantApp app = TreantApp.start("api,worker,voice", Map.of(
                     "treant.discord.public-key", key,
                     "treant.sqs.endpoint", sqs, "treant.sqs.embedded", Boolean.toString(sqs.isEmpty()),
                     "treant.sqs.embedded-port", "0", "treant.sqs.create-queues", Boolean.toString(sqs.isEmpty()),
                     "treant.store", "embedded", "treant.store.embedded-file", data.resolve("treant").toString(),
                     "treant.tts.engine", "espeak"),
                     // the stand-in in place of the Discord session (JDA)
                     Map.of("voiceGateway", gateway))) {
            Thread.sleep(seconds * 1000L);
            String status = Files.readString(Path.of("/proc/self/status"));
            System.out.printf("{\"roles\":\"api,worker,voice\",\"idleSeconds\":%d,\"vmRssMb\":%d,\"vmHwmMb\":%d,\"routes\":%d}%n",
                    seconds, kb(status, "VmRSS") / 1024, kb(status, "VmHWM") / 1024, app.context().getRoutes().size());
        }
        System.exit(0);
    }

    private static long kb(String status, String field) {
        return status.lines().filter(l -> l.startsWith(field + ":")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                .findFirst().orElse(-1);
    }
}
