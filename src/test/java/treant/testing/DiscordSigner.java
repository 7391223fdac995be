package treant.testing;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Signs requests the way Discord does: Ed25519 over {@code timestamp + body}, with a real key pair. */
public final class DiscordSigner {

    private final Ed25519PrivateKeyParameters privateKey;

    public DiscordSigner() {
        this.privateKey = new Ed25519PrivateKeyParameters(new SecureRandom());
    }

    public String publicKeyHex() {
        return HexFormat.of().formatHex(privateKey.generatePublicKey().getEncoded());
    }

    public String sign(String timestamp, byte[] body) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        byte[] ts = timestamp.getBytes(StandardCharsets.US_ASCII);
        signer.update(ts, 0, ts.length);
        signer.update(body, 0, body.length);
        return HexFormat.of().formatHex(signer.generateSignature());
    }

    public static String now() {
        return Long.toString(System.currentTimeMillis() / 1000);
    }
}
