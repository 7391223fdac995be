package treant.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import treant.interactions.Ed25519Verifier;
import treant.interactions.VerifySignature;
import treant.testing.DiscordSigner;
import treant.testing.Fixtures;

/**
 * The signature check alone, on a real Discord payload: Bouncy Castle's verification with the
 * key decoded once. Run with {@code bin/bench signature}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignatureBenchmark {

    byte[] body;
    String timestamp;
    String signature;
    VerifySignature verify;
    Ed25519Verifier verifier;
    byte[] message;
    byte[] rawSignature;

    @Setup
    public void setUp() {
        DiscordSigner discord = new DiscordSigner();
        body = Fixtures.bytes("discord/gold.json");
        timestamp = DiscordSigner.now();
        signature = discord.sign(timestamp, body);
        verifier = Ed25519Verifier.fromHex(discord.publicKeyHex());
        verify = new VerifySignature(verifier, 3600, java.time.Clock.systemUTC());
        message = (timestamp + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        rawSignature = java.util.HexFormat.of().parseHex(signature);
    }

    /** What the endpoint does per request: headers checked, hex decoded, message built, verified. */
    @Benchmark
    public void verifyRequest() {
        verify.check(signature, timestamp, body);
    }

    /** The Ed25519 verification only. */
    @Benchmark
    public boolean ed25519Verify() {
        return verifier.verify(message, rawSignature);
    }
}
