package treant.interactions;

import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Verifies Ed25519 signatures against one public key, decoded once: point decompression is the
 * costly part of a verification and the key never changes while the process runs.
 */
public final class Ed25519Verifier {

    public static final int SIGNATURE_BYTES = Ed25519.SIGNATURE_SIZE;

    private final Ed25519.PublicPoint publicPoint;

    private Ed25519Verifier(Ed25519.PublicPoint publicPoint) {
        this.publicPoint = publicPoint;
    }

    /**
     * @param publicKeyHex the application's public key, 64 hex characters
     * @throws IllegalArgumentException naming what is wrong (never echoing the value)
     */
    public static Ed25519Verifier fromHex(String publicKeyHex) {
        if (publicKeyHex == null || publicKeyHex.isBlank()) {
            throw new IllegalArgumentException("the Discord public key (treant.discord.public-key,"
                    + " environment variable TREANT_DISCORD_PUBLIC_KEY) is not set");
        }
        String hex = publicKeyHex.trim();
        if (hex.length() != 2 * Ed25519.PUBLIC_KEY_SIZE || !isHex(hex)) {
            throw new IllegalArgumentException(
                    "the Discord public key (treant.discord.public-key, TREANT_DISCORD_PUBLIC_KEY) must be 64 hex characters, got "
                            + hex.length() + " characters");
        }
        return fromBytes(HexFormat.of().parseHex(hex));
    }

    public static Ed25519Verifier fromBytes(byte[] publicKey) {
        if (publicKey.length != Ed25519.PUBLIC_KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, got " + publicKey.length);
        }
        Ed25519.PublicPoint point = Ed25519.validatePublicKeyPartialExport(publicKey, 0);
        if (point == null) {
            throw new IllegalArgumentException("the Discord public key is not a valid Ed25519 point");
        }
        return new Ed25519Verifier(point);
    }

    /** True when {@code signature} is a valid signature of {@code message[0..length)}. */
    public boolean verify(byte[] message, int length, byte[] signature) {
        if (signature == null || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        return Ed25519.verify(signature, 0, publicPoint, message, 0, length);
    }

    public boolean verify(byte[] message, byte[] signature) {
        return verify(message, message.length, signature);
    }

    static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!HexFormat.isHexDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
