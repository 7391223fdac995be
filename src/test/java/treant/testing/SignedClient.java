package treant.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Sends interactions over real HTTP, signed like Discord signs them. */
public final class SignedClient {

    public final DiscordSigner signer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String url;

    public SignedClient(String url, DiscordSigner signer) {
        this.url = url;
        this.signer = signer;
    }

    public HttpResponse<String> send(byte[] body) throws Exception {
        String ts = DiscordSigner.now();
        return send(body, signer.sign(ts, body), ts);
    }

    public HttpResponse<String> send(byte[] body, String signature, String timestamp) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Signature-Ed25519", signature);
        }
        if (timestamp != null) {
            request.header("X-Signature-Timestamp", timestamp);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
