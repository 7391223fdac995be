package treant.lambda;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * bin/lambda-local: ApiFunction under the runtime client against a local Runtime API, one signed
 * interaction (signed by the caller, as Discord would), its answer printed, then everything stops.
 *   LocalLambdaMain <public key hex> <timestamp> <signature hex> <body file>
 */
public final class LocalLambdaMain {

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: LocalLambdaMain <public-key-hex> <timestamp> <signature-hex> <body-file>");
            System.exit(2);
        }
        String body = Files.readString(Path.of(args[3]));
        long t0 = System.nanoTime();
        try (LocalLambdaRuntime runtime = new LocalLambdaRuntime()) {
            // a PING touches no queue; a loopback endpoint keeps the SQS client off the AWS credentials chain
            LambdaProcess function = LambdaProcess.start("treant.lambda.ApiFunction::handleRequest", runtime,
                    Map.of("TREANT_DISCORD_PUBLIC_KEY", args[0], "TREANT_SQS_ENDPOINT", "http://127.0.0.1:9"), List.of());
            try {
                var answer = runtime.invoke(LambdaEvents.apiEvent(
                        Map.of("x-signature-ed25519", args[2], "x-signature-timestamp", args[1]), body, false),
                        Duration.ofSeconds(60)).get();
                System.out.println((answer.error() ? "function error: " : "") + answer.body());
                System.out.printf("Runtime API: %s; JVM start to answer: %d ms; function log: %s%n", runtime.address(),
                        (answer.answeredAt() - function.startedAt) / 1_000_000, function.log);
                System.exit(answer.error() ? 1 : 0);
            } catch (Exception e) {
                System.err.println("no answer: " + e + "\n" + function.output());
                System.exit(1);
            } finally {
                function.close();
            }
        }
    }
}
