package treant.testing;

import java.util.Map;

/** The api role running against its own ElasticMQ, with a Discord-like client holding the key. */
public final class ApiUnderTest implements AutoCloseable {

    public final LocalSqs sqs;
    public final TreantApp app;
    public final SignedClient discord;

    private ApiUnderTest(LocalSqs sqs, TreantApp app, SignedClient discord) {
        this.sqs = sqs;
        this.app = app;
        this.discord = discord;
    }

    public static ApiUnderTest start() throws Exception {
        return start(Map.of("treant.blizzard.client-id", "test-client", "treant.blizzard.client-secret", "test-secret"));
    }

    /** With these properties on top of the public key and the queue (e.g. no Battle.net credentials). */
    public static ApiUnderTest start(Map<String, String> properties) throws Exception {
        LocalSqs sqs = new LocalSqs();
        DiscordSigner signer = new DiscordSigner();
        Map<String, String> p = new java.util.HashMap<>();
        // the store autocomplete reads: a file of its own (unless the test says otherwise), never AWS
        p.put("treant.store", "embedded");
        p.put("treant.store.embedded-file", java.nio.file.Files.createTempDirectory("treant-api").resolve("treant").toString());
        p.putAll(properties);
        p.put("treant.discord.public-key", signer.publicKeyHex());
        p.put("treant.sqs.endpoint", sqs.url());
        TreantApp app = TreantApp.start("api", p);
        return new ApiUnderTest(sqs, app, new SignedClient(app.interactionsUrl(), signer));
    }

    @Override
    public void close() throws Exception {
        app.close();
        sqs.close();
    }
}
