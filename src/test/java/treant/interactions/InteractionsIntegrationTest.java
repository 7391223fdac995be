package treant.interactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import treant.jobs.CommandJob;
import treant.jobs.VoiceJob;
import treant.testing.ApiUnderTest;
import treant.testing.DiscordSigner;
import treant.testing.Fixtures;
import treant.testing.LocalSqs;
import treant.testing.SignedClient;
import treant.testing.TreantApp;

/**
 * The api role as it runs: TreantMain's Camel Main against a real ElasticMQ, driven by real HTTP
 * requests built from Discord's payloads and signed with a real Ed25519 key.
 */
class InteractionsIntegrationTest {

    static ApiUnderTest api;
    static LocalSqs sqs;
    static TreantApp app;
    static SignedClient discord;

    @BeforeAll
    static void start() throws Exception {
        // the fixtures are one user, speaking in many tests: a burst that outlasts the class keeps the voice
        // allowance on without making the tests depend on their order (its own tests: InteractionsRouteTest,
        // VoiceAllowanceIntegrationTest)
        api = ApiUnderTest.start(Map.of("treant.voice.user-burst", "100",
                "treant.blizzard.client-id", "test-client", "treant.blizzard.client-secret", "test-secret"));
        sqs = api.sqs;
        app = api.app;
        discord = api.discord;
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    @BeforeEach
    void emptyQueues() {
        sqs.drain(LocalSqs.COMMANDS);
        sqs.drain(LocalSqs.VOICE);
    }

    @Test
    void pingIsAnsweredWithPong() throws Exception {
        HttpResponse<String> r = discord.send(Fixtures.bytes("discord/ping.json"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"type\":1}");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().map()).doesNotContainKey("x-signature-ed25519");
    }

    @Test
    void punIsAnsweredAndTheSamePunIsQueuedForVoice() throws Exception {
        HttpResponse<String> r = discord.send(Fixtures.bytes("discord/pun.json"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode reply = Fixtures.MAPPER.readTree(r.body());
        assertThat(reply.get("type").asInt()).isEqualTo(4);
        String content = reply.at("/data/content").asText();
        assertThat(content).startsWith("🌲 **Treant says:** ");
        List<String> jobs = sqs.drain(LocalSqs.VOICE);
        assertThat(jobs).hasSize(1);
        VoiceJob job = Fixtures.MAPPER.readValue(jobs.get(0), VoiceJob.class);
        assertThat(content).endsWith(job.text());
        assertThat(job.guildId()).isEqualTo("1200000000000000001");
        assertThat(job.userId()).isEqualTo("1100000000000000777");
        assertThat(Fixtures.MAPPER.readTree(jobs.get(0)).get("version").asInt()).isEqualTo(1);
        assertThat(sqs.drain(LocalSqs.COMMANDS)).isEmpty();
    }

    @Test
    void bareTreantIsAPun() throws Exception {
        HttpResponse<String> r = discord.send(Fixtures.bytes("discord/bare-treant.json"));
        assertThat(Fixtures.MAPPER.readTree(r.body()).at("/data/content").asText()).startsWith("🌲 **Treant says:** ");
        assertThat(sqs.drain(LocalSqs.VOICE)).hasSize(1);
    }

    @Test
    void speakConfirmsAndQueuesTheTextForTheCallersGuild() throws Exception {
        HttpResponse<String> r = discord.send(Fixtures.bytes("discord/speak.json"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Fixtures.MAPPER.readTree(r.body()).at("/data/content").asText()).contains("For the Cenarion Circle!");
        JsonNode job = Fixtures.MAPPER.readTree(sqs.drain(LocalSqs.VOICE).getFirst());
        assertThat(job.get("text").asText()).isEqualTo("For the Cenarion Circle!");
        assertThat(job.get("guildId").isTextual()).isTrue();
        assertThat(job.get("interactionId").asText()).isEqualTo("1318000000000000204");
    }

    @Test
    void speakInADirectMessageGetsAnEphemeralExplanationAndQueuesNothing() throws Exception {
        HttpResponse<String> r = discord.send(Fixtures.bytes("discord/speak-dm.json"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode reply = Fixtures.MAPPER.readTree(r.body());
        assertThat(reply.get("type").asInt()).isEqualTo(4);
        assertThat(reply.at("/data/flags").asInt()).isEqualTo(64);
        assertThat(reply.at("/data/content").asText()).contains("server");
        assertThat(sqs.drain(LocalSqs.VOICE)).isEmpty();
    }

    @Test
    void goldIsDeferredAndItsJobLandsOnTheCommandQueue() throws Exception {
        HttpResponse<String> r = discord.send(Fixtures.bytes("discord/gold.json"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"type\":5}");
        List<String> jobs = sqs.drain(LocalSqs.COMMANDS);
        assertThat(jobs).hasSize(1);
        CommandJob job = Fixtures.MAPPER.readValue(jobs.get(0), CommandJob.class);
        assertThat(job.command()).isEqualTo("gold");
        assertThat(job.amount()).isEqualTo(5000);
        assertThat(job.applicationId()).isEqualTo("1318000000000000001");
        assertThat(job.token()).isEqualTo("aW50ZXJhY3Rpb246MTMxODAwMDAwMDAwMDAwMDIwMTpnb2xkdG9rZW4");
        assertThat(job.interactionId()).isEqualTo("1318000000000000201");
        assertThat(job.receivedAt()).isNotNull();
        assertThat(jobs.get(0)).contains("\"receivedAt\":\"20"); // ISO-8601, not epoch numbers
    }

    @Test
    void withoutBattleNetCredentialsJudgeIsAnsweredAtOnceAndNothingIsQueued() throws Exception {
        try (treant.testing.LogLines log = treant.testing.LogLines.of(JudgeSetup.class);
             ApiUnderTest unconfigured = ApiUnderTest.start(java.util.Map.of())) {
            treant.testing.Await.until(java.time.Duration.ofSeconds(5), "the start-up line", () -> !log.lines().isEmpty());
            assertThat(log.lines()).as("named once, at start-up").hasSize(1).allMatch(l -> l.startsWith("WARN")
                    && l.contains("treant.blizzard.client-id") && l.contains("treant.blizzard.client-secret"));
            for (int i = 0; i < 2; i++) {
                ObjectNode judge = Fixtures.tree("judge");
                judge.put("id", "131800000000008000" + i);
                HttpResponse<String> r = unconfigured.discord.send(Fixtures.toBytes(judge));
                assertThat(r.statusCode()).isEqualTo(200);
                JsonNode reply = Fixtures.MAPPER.readTree(r.body());
                assertThat(reply.path("type").asInt()).as("not deferred").isEqualTo(4);
                assertThat(reply.at("/data/flags").asInt()).isEqualTo(64);
                assertThat(reply.at("/data/content").asText()).contains("bot's owner has not given Treant its Battle.net API credentials");
            }
            assertThat(unconfigured.sqs.drain(LocalSqs.COMMANDS)).isEmpty();
            assertThat(log.lines()).hasSize(1);
        }
    }

    @Test
    void realmAutocompleteOnAFreshInstallOffersTheShippedRealmsAtOnce() throws Exception {
        HttpResponse<String> r = discord.send(Fixtures.bytes("discord/judge-autocomplete-realm.json"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Fixtures.MAPPER.readTree(r.body()))
                .isEqualTo(Fixtures.MAPPER.readTree(Fixtures.text("discord/autocomplete-response-example.json")));
        assertThat(sqs.drain(LocalSqs.COMMANDS)).as("no job").isEmpty();
    }

    @Test
    void characterAutocompleteWithoutAGuildOrWithAnEmptyStoreHasNoChoices() throws Exception {
        ObjectNode typing = Fixtures.tree("judge-autocomplete-realm");
        ObjectNode character = Fixtures.firstOption(typing);
        ((ObjectNode) typing.path("data").path("options").get(0).path("options").get(1)).remove("focused");
        character.put("value", "Ba").put("focused", true);
        HttpResponse<String> r = discord.send(Fixtures.toBytes(typing));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"type\":8,\"data\":{\"choices\":[]}}");
    }

    @Test
    void anUnreachableStoreStillGivesAnAnswerInTime() throws Exception {
        try (ApiUnderTest cut = ApiUnderTest.start(java.util.Map.of("treant.store", "dynamodb",
                "treant.dynamodb.endpoint", "http://127.0.0.1:" + TreantApp.freePort(), "treant.dynamodb.table", "Nowhere",
                "treant.blizzard.guild", "Grove Wardens"))) {
            long start = System.nanoTime();
            HttpResponse<String> r = cut.discord.send(Fixtures.bytes("discord/judge-autocomplete-realm.json"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(Fixtures.MAPPER.readTree(r.body()).at("/data/choices/0/value").asText()).isEqualTo("dreamscythe");
            assertThat(millis).as("inside Discord's 3 s").isLessThan(2500);

            ObjectNode typing = Fixtures.tree("judge-autocomplete-realm");
            ((ObjectNode) typing.path("data").path("options").get(0).path("options").get(1)).remove("focused");
            Fixtures.firstOption(typing).put("value", "Ba").put("focused", true);
            typing.put("id", "1318000000000000208");
            HttpResponse<String> c = cut.discord.send(Fixtures.toBytes(typing));
            assertThat(c.statusCode()).isEqualTo(200);
            assertThat(Fixtures.MAPPER.readTree(c.body()).path("type").asInt()).isEqualTo(8);
        }
    }

    @Test
    void judgeIsDeferredAndItsJobCarriesTheCharacter() throws Exception {
        HttpResponse<String> r = discord.send(Fixtures.bytes("discord/judge.json"));
        assertThat(r.body()).isEqualTo("{\"type\":5}");
        CommandJob job = Fixtures.MAPPER.readValue(sqs.drain(LocalSqs.COMMANDS).getFirst(), CommandJob.class);
        assertThat(job.command()).isEqualTo("judge");
        assertThat(job.character()).isEqualTo("Barkskin");
    }

    @Test
    void theSameInteractionTwiceIsAnsweredTwiceButQueuedOnce() throws Exception {
        ObjectNode judge = Fixtures.tree("judge");
        judge.put("id", "1318000000000099999");
        byte[] body = Fixtures.toBytes(judge);
        assertThat(discord.send(body).body()).isEqualTo("{\"type\":5}");
        assertThat(discord.send(body).body()).isEqualTo("{\"type\":5}");
        assertThat(sqs.drain(LocalSqs.COMMANDS)).hasSize(1);
    }

    @Test
    void invalidOptionsGetAnEphemeralMessageAndNoJob() throws Exception {
        ObjectNode judge = Fixtures.tree("judge");
        Fixtures.firstOption(judge).put("value", "Robert'); DROP TABLE");
        HttpResponse<String> r = discord.send(Fixtures.toBytes(judge));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode reply = Fixtures.MAPPER.readTree(r.body());
        assertThat(reply.at("/data/flags").asInt()).isEqualTo(64);
        assertThat(reply.at("/data/content").asText()).contains("not a World of Warcraft character name");
        assertThat(sqs.drain(LocalSqs.COMMANDS)).isEmpty();
    }

    @Test
    void unsignedForgedAndStaleRequestsGet401AndQueueNothing() throws Exception {
        byte[] body = Fixtures.bytes("discord/gold.json");
        String ts = DiscordSigner.now();
        assertThat(discord.send(body, null, null).statusCode()).isEqualTo(401);
        assertThat(discord.send(body, new DiscordSigner().sign(ts, body), ts).statusCode()).isEqualTo(401);
        assertThat(discord.send(body, "00".repeat(64), ts).statusCode()).isEqualTo(401);
        assertThat(discord.send(body, "nothex", ts).statusCode()).isEqualTo(401);
        String stale = Long.toString(Long.parseLong(ts) - 3600);
        HttpResponse<String> r = discord.send(body, discord.signer.sign(stale, body), stale);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("timestamp").doesNotContain("Exception");
        assertThat(sqs.drain(LocalSqs.COMMANDS)).isEmpty();
    }

    @Test
    void overHttpNothingSkipsTheSignatureCheck() throws Exception {
        // the gateway door (not loaded in http mode) enters the flow after the check; an HTTP request
        // carrying its headers is still an unsigned request
        assertThat(app.context().getRoute("api-gateway")).isNull();
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.interactionsUrl()))
                .header("Content-Type", "application/json")
                .header("DiscordInteractionId", "1318000000000000201").header("DiscordInteractionToken", "token")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.bytes("discord/gold.json"))).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(sqs.drain(LocalSqs.COMMANDS)).isEmpty();
    }

    @Test
    void bodiesThatAreNotInteractionsGet400() throws Exception {
        assertThat(discord.send("not json".getBytes()).statusCode()).isEqualTo(400);
        assertThat(discord.send("{\"hello\":1}".getBytes()).statusCode()).isEqualTo(400);
        assertThat(discord.send("[]".getBytes()).statusCode()).isEqualTo(400);
        assertThat(discord.send(new byte[0]).statusCode()).isEqualTo(400);
        ObjectNode component = Fixtures.tree("pun");
        component.put("type", 3);
        assertThat(discord.send(Fixtures.toBytes(component)).statusCode()).isEqualTo(400);
    }

    @Test
    void anUnknownCommandGets400WithAShortReason() throws Exception {
        ObjectNode other = Fixtures.tree("pun");
        ((ObjectNode) other.path("data").path("options").get(0)).put("name", "dance");
        HttpResponse<String> r = discord.send(Fixtures.toBytes(other));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"error\":\"unknown command\"}");
    }

    @Test
    void aBodyOverTheLimitGets413() throws Exception {
        byte[] big = new byte[70_000];
        java.util.Arrays.fill(big, (byte) ' ');
        assertThat(discord.send(big).statusCode()).isEqualTo(413);
    }

    @Test
    void aChunkedBodyOverTheLimitGets413Too() throws Exception {
        // no Content-Length: the limit must be enforced while reading, not only from the header
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.interactionsUrl()))
                .header("X-Signature-Ed25519", "00".repeat(64)).header("X-Signature-Timestamp", DiscordSigner.now())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[200_000])))
                .build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void aStalledBodyIsCutOffAfterTheRequestTimeout() throws Exception {
        URI url = URI.create(app.interactionsUrl());
        try (java.net.Socket socket = new java.net.Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(15_000);
            // 1000 bytes declared, 10 sent, then nothing (a slow-body attack holds the connection)
            socket.getOutputStream().write(("POST " + url.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"type\":1,").getBytes());
            socket.getOutputStream().flush();
            long start = System.nanoTime();
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream())).readLine();
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(status).isEqualTo("HTTP/1.1 503 Service Unavailable");
            assertThat(waitedMs).as("treant.http.request-timeout-ms, 5 s").isBetween(4_000L, 10_000L);
        }
    }

    @Test
    void aMultipartUploadIsRefusedAndNotWrittenToDisk() throws Exception {
        // where Camel's body handler would put uploads: ./file-uploads or a camel temp directory
        List<java.nio.file.Path> places = List.of(java.nio.file.Path.of("file-uploads"),
                java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "camel"));
        List<java.nio.file.Path> before = files(places);
        URI url = URI.create(app.interactionsUrl());
        try (java.net.Socket socket = new java.net.Socket(url.getHost(), url.getPort())) {
            // a file part half sent: an upload handler would be writing it to disk by now
            String part = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n" + "A".repeat(20_000);
            socket.getOutputStream().write(("POST " + url.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 60000\r\n\r\n" + part).getBytes());
            socket.getOutputStream().flush();
            socket.setSoTimeout(10_000);
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream())).readLine();
            assertThat(status).as("refused before the body is read").isEqualTo("HTTP/1.1 415 Unsupported Media Type");
            assertThat(files(places)).as("nothing written under %s", places).isEqualTo(before);
        }
        assertThat(app.context().hasService(org.apache.camel.component.platform.http.main.MainHttpServer.class)
                .getBodyHandler().isPreallocateBodyBuffer()).as("the declared Content-Length is not allocated up front").isFalse();
    }

    static List<java.nio.file.Path> files(List<java.nio.file.Path> dirs) throws java.io.IOException {
        List<java.nio.file.Path> found = new java.util.ArrayList<>();
        for (java.nio.file.Path dir : dirs) {
            if (java.nio.file.Files.isDirectory(dir)) {
                try (var walk = java.nio.file.Files.walk(dir)) {
                    walk.filter(java.nio.file.Files::isRegularFile).forEach(found::add);
                }
            }
        }
        return found;
    }

    @Test
    void healthIsUpWithTheQueuesReachable() throws Exception {
        HttpResponse<String> r = discord.get(app.healthUrl());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("UP");
    }

    @Test
    void theJobIsTheWholeMessageWithNoRequestHeadersAsAttributes() throws Exception {
        ObjectNode judge = Fixtures.tree("judge");
        judge.put("id", "1318000000000088888");
        discord.send(Fixtures.toBytes(judge));
        String url = sqs.client.getQueueUrl(b -> b.queueName(LocalSqs.COMMANDS)).queueUrl();
        var messages = sqs.client.receiveMessage(b -> b.queueUrl(url).messageAttributeNames("All").waitTimeSeconds(1))
                .messages();
        assertThat(messages).hasSize(1);
        assertThat(messages.getFirst().messageAttributes()).isEmpty();
        assertThat(messages.getFirst().body()).doesNotContain("X-Signature");
    }
}
