package treant;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.apache.camel.main.Main;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.util.encoders.Hex;

/**
 * The training run of the JDK's AOT cache (bin/aot-train, the Dockerfile): starts the api role in the
 * local profile (embedded ElasticMQ) on free loopback ports with a throwaway key pair, sends signed
 * interactions of every kind plus a forged one, checks each answer, and stops. Run with
 * {@code -XX:AOTCacheOutput=<file>}, the JVM then writes the classes this loaded and linked; later
 * starts with {@code -XX:AOTCache=<file>} begin with them ready (start-up: README, Performance).
 * A wrong answer fails the run (exit 1), so a broken build never ships a cache trained on errors.
 */
public final class AotTraining {

    private AotTraining() {}

    public static void main(String[] args) throws Exception {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
        int http = freePort();
        System.setProperty("camel.main.profile", "local"); // read before any properties file
        Main main = TreantMain.create(true);
        main.addOverrideProperty("treant.roles", "api");
        main.addOverrideProperty("treant.discord.public-key", Hex.toHexString(key.generatePublicKey().getEncoded()));
        main.addOverrideProperty("treant.http.host", "127.0.0.1");
        main.addOverrideProperty("treant.http.port", Integer.toString(http));
        main.addOverrideProperty("treant.management.host", "127.0.0.1");
        main.addOverrideProperty("treant.management.port", Integer.toString(freePort()));
        main.addOverrideProperty("treant.sqs.embedded-port", "0");
        // the api reads autocomplete's lists from the store: an embedded file of its own, thrown away
        main.addOverrideProperty("treant.store", "embedded");
        main.addOverrideProperty("treant.store.embedded-file",
                java.nio.file.Files.createTempDirectory("treant-aot").resolve("treant").toString());
        // judge is only queued when Battle.net is set up: train that path (the values are never used)
        main.addOverrideProperty("treant.blizzard.client-id", "aot-training");
        main.addOverrideProperty("treant.blizzard.client-secret", "aot-training");
        main.start();
        int failures = 0;
        try (HttpClient client = HttpClient.newHttpClient()) {
            URI endpoint = URI.create("http://127.0.0.1:" + http + "/interactions");
            long id = 1_400_000_000_000_000_000L + System.currentTimeMillis();
            for (int round = 0; round < 3; round++) {
                for (Sample sample : SAMPLES) {
                    String body = sample.body(Long.toString(id++));
                    String timestamp = Long.toString(Instant.now().getEpochSecond());
                    String signature = round == 2 && sample == SAMPLES.getFirst() ? "00".repeat(64) : sign(key, timestamp, body);
                    int expected = signature.startsWith("0000") ? 401 : 200;
                    HttpResponse<String> answer = client.send(HttpRequest.newBuilder(endpoint)
                            .header("Content-Type", "application/json")
                            .header("X-Signature-Ed25519", signature)
                            .header("X-Signature-Timestamp", timestamp)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() != expected || expected == 200 && !answer.body().contains(sample.answer())) {
                        System.err.println("AOT training: " + sample.name() + " answered " + answer.statusCode() + " " + answer.body());
                        failures++;
                    }
                }
            }
        } finally {
            main.stop();
        }
        System.out.println("AOT training: " + (failures == 0 ? "every answer as expected" : failures + " unexpected answers"));
        System.exit(failures == 0 ? 0 : 1);
    }

    /** One kind of interaction and the start of the answer it must get. */
    record Sample(String name, String data, boolean inGuild, String answer, int type) {
        Sample(String name, String data, boolean inGuild, String answer) {
            this(name, data, inGuild, answer, 2);
        }

        String body(String id) {
            String where = inGuild
                    ? "\"guild_id\":\"1200000000000000001\",\"member\":{\"user\":{\"id\":\"1100000000000000777\",\"username\":\"aot\"}},"
                    : "\"user\":{\"id\":\"1100000000000000777\",\"username\":\"aot\"},";
            return "{\"application_id\":\"1318000000000000001\",\"channel_id\":\"1200000000000000050\"," + where
                    + "\"id\":\"" + id + "\",\"token\":\"aot-training-" + id + "\",\"version\":1,"
                    + (data == null ? "\"type\":1}" : "\"type\":" + type + ",\"data\":" + data + "}");
        }
    }

    private static final List<Sample> SAMPLES = List.of(
            new Sample("ping", null, true, "{\"type\":1}"),
            new Sample("pun", command("pun", ""), true, "{\"type\":4"),
            new Sample("speak", command("speak", "{\"name\":\"text\",\"type\":3,\"value\":\"For the grove!\"}"), true, "{\"type\":4"),
            new Sample("speak in a DM", command("speak", "{\"name\":\"text\",\"type\":3,\"value\":\"hello\"}"), false, "{\"type\":4"),
            new Sample("gold", command("gold", "{\"name\":\"amount\",\"type\":4,\"value\":5000}"), true, "{\"type\":5}"),
            new Sample("gold, bad amount", command("gold", "{\"name\":\"amount\",\"type\":4,\"value\":-1}"), true, "{\"type\":4"),
            new Sample("judge", command("judge", "{\"name\":\"character\",\"type\":3,\"value\":\"Barkskin\"},"
                    + "{\"name\":\"realm\",\"type\":3,\"value\":\"Dreamscythe\"}"), true, "{\"type\":5}"),
            new Sample("judge autocomplete", command("judge", "{\"name\":\"character\",\"type\":3,\"value\":\"Barkskin\"},"
                    + "{\"name\":\"realm\",\"type\":3,\"value\":\"dre\",\"focused\":true}"), true, "{\"type\":8", 4));

    private static String command(String sub, String options) {
        return "{\"id\":\"1318000000000000010\",\"name\":\"treant\",\"type\":1,\"options\":[{\"name\":\"" + sub
                + "\",\"type\":1,\"options\":[" + options + "]}]}";
    }

    private static String sign(Ed25519PrivateKeyParameters key, String timestamp, String body) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        byte[] message = (timestamp + body).getBytes(StandardCharsets.UTF_8);
        signer.update(message, 0, message.length);
        return Hex.toHexString(signer.generateSignature());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
