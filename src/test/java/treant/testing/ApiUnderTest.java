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
        LocalSqs sqs = new LocalSqs();
        DiscordSigner signer = new DiscordSigner();
        TreantApp app = TreantApp.start("api", Map.of("treant.discord.public-key", signer.publicKeyHex(),
                "treant.sqs.endpoint", sqs.url()));
        return new ApiUnderTest(sqs, app, new SignedClient(app.interactionsUrl(), signer));
    }

    @Override
    public void close() throws Exception {
        app.close();
        sqs.close();
    }
}
