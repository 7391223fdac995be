package treant.interactions;

import java.time.Clock;
import java.util.HexFormat;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Discord's request check: Ed25519 over {@code X-Signature-Timestamp + raw body} with the
 * application's public key. Anything that does not verify is a 401 (Discord itself probes this
 * when the endpoint URL is saved). A timestamp outside the window is refused too, so a captured
 * request cannot be replayed later.
 */
public final class VerifySignature implements Processor {

    static final String SIGNATURE = "X-Signature-Ed25519";
    static final String TIMESTAMP = "X-Signature-Timestamp";

    private final Ed25519Verifier verifier;
    private final long windowSeconds;
    private final Clock clock;

    public VerifySignature(Ed25519Verifier verifier, long windowSeconds, Clock clock) {
        this.verifier = verifier;
        this.windowSeconds = windowSeconds;
        this.clock = clock;
    }

    public VerifySignature(String publicKeyHex, long windowSeconds) {
        this(Ed25519Verifier.fromHex(publicKeyHex), windowSeconds, Clock.systemUTC());
    }

    /**
     * The check of this process (a YAML bean's factory). With {@code treant.discord.interactions =
     * gateway} no signed request is expected, so the public key may be missing: then every request
     * is refused (401), as unsigned. Over HTTP a missing or malformed key stops start-up.
     */
    public static VerifySignature of(String publicKeyHex, long windowSeconds, String interactions) {
        if ("gateway".equals(interactions) && (publicKeyHex == null || publicKeyHex.isBlank())) {
            return new VerifySignature((Ed25519Verifier) null, windowSeconds, Clock.systemUTC());
        }
        return new VerifySignature(publicKeyHex, windowSeconds);
    }

    @Override
    public void process(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        check(exchange.getMessage().getHeader(SIGNATURE, String.class),
                exchange.getMessage().getHeader(TIMESTAMP, String.class),
                body == null ? new byte[0] : body);
        exchange.getMessage().setBody(body);
    }

    /** Throws {@link InteractionRejected} (401) unless the request is signed and fresh. */
    public void check(String signatureHex, String timestamp, byte[] body) {
        if (verifier == null) {
            throw InteractionRejected.unauthorized("no public key: interactions arrive over the gateway");
        }
        if (signatureHex == null || timestamp == null) {
            throw InteractionRejected.unauthorized("missing signature headers");
        }
        if (signatureHex.length() != 2 * Ed25519Verifier.SIGNATURE_BYTES || !Ed25519Verifier.isHex(signatureHex)) {
            throw InteractionRejected.unauthorized("malformed signature");
        }
        long sentAt = parseTimestamp(timestamp);
        if (Math.abs(clock.instant().getEpochSecond() - sentAt) > windowSeconds) {
            throw InteractionRejected.unauthorized("stale or future timestamp");
        }
        byte[] ts = timestamp.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] message = new byte[ts.length + body.length];
        System.arraycopy(ts, 0, message, 0, ts.length);
        System.arraycopy(body, 0, message, ts.length, body.length);
        if (!verifier.verify(message, HexFormat.of().parseHex(signatureHex))) {
            throw InteractionRejected.unauthorized("invalid request signature");
        }
    }

    private static long parseTimestamp(String timestamp) {
        // Discord sends Unix seconds; ASCII digits only, so a sign, spaces or other scripts' digits (which
        // Character.isDigit and Long.parseLong accept) cannot sneak into the signed text
        if (timestamp.isEmpty() || timestamp.length() > 12 || !timestamp.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw InteractionRejected.unauthorized("malformed timestamp");
        }
        return Long.parseLong(timestamp);
    }
}
