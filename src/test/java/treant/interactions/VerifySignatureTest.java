package treant.interactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import treant.testing.DiscordSigner;

class VerifySignatureTest {

    static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");
    final DiscordSigner discord = new DiscordSigner();
    final VerifySignature verify = new VerifySignature(Ed25519Verifier.fromHex(discord.publicKeyHex()), 300,
            Clock.fixed(NOW, ZoneOffset.UTC));
    final byte[] body = "{\"type\":1,\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8);
    final String ts = Long.toString(NOW.getEpochSecond());

    @Test
    void aRequestSignedWithTheApplicationKeyPasses() {
        assertThatCode(() -> verify.check(discord.sign(ts, body), ts, body)).doesNotThrowAnyException();
    }

    @Test
    void inGatewayModeWithoutAKeyEverySignedRequestIsRefused() {
        VerifySignature gateway = VerifySignature.of("", 300, "gateway");
        String now = DiscordSigner.now();
        assertRejected(() -> gateway.check(discord.sign(now, body), now, body), "no public key: interactions arrive over the gateway");
    }

    @Test
    void overHttpAMissingKeyStopsStartUp() {
        assertThatThrownBy(() -> VerifySignature.of(" ", 300, "http")).hasMessageContaining("treant.discord.public-key");
        assertThatCode(() -> VerifySignature.of(discord.publicKeyHex(), 300, "gateway")).doesNotThrowAnyException();
    }

    @Test
    void aTamperedBodyIsRefused() {
        String sig = discord.sign(ts, body);
        byte[] tampered = body.clone();
        tampered[tampered.length - 2] ^= 1;
        assertRejected(() -> verify.check(sig, ts, tampered), "invalid request signature");
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() {
        assertRejected(() -> verify.check(new DiscordSigner().sign(ts, body), ts, body), "invalid request signature");
    }

    @Test
    void theTimestampIsPartOfTheSignedText() {
        String sig = discord.sign(ts, body);
        String other = Long.toString(NOW.getEpochSecond() - 1);
        assertRejected(() -> verify.check(sig, other, body), "invalid request signature");
    }

    @Test
    void staleAndFutureTimestampsAreRefusedEvenWhenSigned() {
        String stale = Long.toString(NOW.getEpochSecond() - 301);
        String future = Long.toString(NOW.getEpochSecond() + 301);
        assertRejected(() -> verify.check(discord.sign(stale, body), stale, body), "stale or future timestamp");
        assertRejected(() -> verify.check(discord.sign(future, body), future, body), "stale or future timestamp");
        String edge = Long.toString(NOW.getEpochSecond() - 300);
        assertThatCode(() -> verify.check(discord.sign(edge, body), edge, body)).doesNotThrowAnyException();
    }

    @Test
    void missingMalformedOrWrongLengthHeadersAreRefused() {
        String sig = discord.sign(ts, body);
        assertRejected(() -> verify.check(null, ts, body), "missing signature headers");
        assertRejected(() -> verify.check(sig, null, body), "missing signature headers");
        assertRejected(() -> verify.check(sig.substring(2), ts, body), "malformed signature");
        assertRejected(() -> verify.check(sig + "00", ts, body), "malformed signature");
        assertRejected(() -> verify.check("zz" + sig.substring(2), ts, body), "malformed signature");
        assertRejected(() -> verify.check(sig, "-" + ts, body), "malformed timestamp");
        assertRejected(() -> verify.check(sig, " " + ts, body), "malformed timestamp");
        assertRejected(() -> verify.check(sig, "", body), "malformed timestamp");
    }

    @Test
    void aTimestampOfNonAsciiDigitsIsMalformedNotANumber() {
        // Long.parseLong reads Arabic-Indic, Devanagari and full-width digits as numbers; the signed
        // text is ASCII, so only '0'..'9' are a timestamp
        for (String digits : new String[] {"\u0660\u0661\u0662", "\u0967\u0968", "\uFF11\uFF12"}) {
            String foreign = ts.substring(0, ts.length() - digits.length()) + digits;
            assertRejected(() -> verify.check(discord.sign(foreign, body), foreign, body), "malformed timestamp");
        }
    }

    @Test
    void aMalformedPublicKeyIsRefusedWithAMessageThatDoesNotEchoIt() {
        assertThatThrownBy(() -> Ed25519Verifier.fromHex("")).hasMessageContaining("not set");
        assertThatThrownBy(() -> Ed25519Verifier.fromHex("abc123")).hasMessageContaining("64 hex characters")
                .hasMessageNotContaining("abc123");
        assertThatThrownBy(() -> Ed25519Verifier.fromHex("g".repeat(64))).hasMessageContaining("64 hex characters");
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InteractionRejected.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).isEqualTo(reason);
        });
    }
}
