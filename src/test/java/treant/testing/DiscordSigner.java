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

    /** A fixed key, for tests whose configuration must name the public key as a constant. */
    public DiscordSigner(String seedHex) {
        this.privateKey = new Ed25519PrivateKeyParameters(HexFormat.of().parseHex(seedHex), 0);
    }

    /** The key of {@link #FIXED_PUBLIC_KEY}. */
    public static final String FIXED_SEED = "747265616e742d726f7574652d746573742d736565642d303030303030303030";
    public static final String FIXED_PUBLIC_KEY = "8b3dc05fdffddc3d8ba96d73a9992caf65ae9d63bf7c238e4d40d3a7a9466b0a";

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
