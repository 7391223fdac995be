package treant.worker;

import treant.testing.Fixtures;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import treant.queues.EmbeddedSqs;
import treant.Json;
import treant.queues.Queues;
import treant.jobs.CommandJob;
import treant.testing.LocalSqs;

/**
 * The outside world of a worker, as real-protocol servers on loopback: ElasticMQ (SQS), WireMock
 * serving the fixtures for Discord, Blizzard, Gemini and the marketplace, and (optionally) dynalite.
 */
public final class WorkerServices implements AutoCloseable {

    public static final String APP = "1318000000000000001";
    public static final String EDIT_PATH = "/discord/api/v10/webhooks/" + APP + "/.*/messages/@original";
    public static final String EQUIPMENT_PATH = "/profile/wow/character/dreamscythe/%s/equipment";
    public static final String CHARACTER_PATH = "/profile/wow/character/dreamscythe/%s";
    public static final String MEDIA_PATH = CHARACTER_PATH + "/character-media";
    public static final String SPECIALIZATIONS_PATH = CHARACTER_PATH + "/specializations";
    public static final String GEMINI_PATH = "/v1beta/models/gemini-3.8-flash:generateContent";
    public static final String REALM_INDEX_PATH = "/data/wow/realm/index";
    public static final String ROSTER_PATH = "/data/wow/guild/dreamscythe/grove-wardens/roster";
    public static final String OFFER_PATH = "/offer/G1744089054578IF";
    private static final AtomicInteger SEQ = new AtomicInteger();

    public final ObjectMapper mapper = Json.newMapper();
    public final EmbeddedSqs sqsServer = new EmbeddedSqs("127.0.0.1", 0);
    public final WireMockServer wiremock =
            new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(40).jettyAcceptors(2));
    public SqsClient sqs;
    public DynaliteServer dynalite;

    public WorkerServices start(boolean withDynalite) throws Exception {
        sqsServer.start();
        wiremock.start();
        sqs = SqsClient.builder().endpointOverride(URI.create(sqsServer.url())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
        if (withDynalite) {
            dynalite = DynaliteServer.start();
        }
        return this;
    }

    /** Fresh queue names (and their -dlq) per test, so tests never see each other's messages. */
    public Map<String, String> freshQueues(int maxReceiveCount, int visibilitySeconds) {
        int n = SEQ.incrementAndGet();
        String commands = "it-commands-" + n;
        String voice = "it-voice-" + n;
        Queues.ensure(sqs, commands, maxReceiveCount, visibilitySeconds);
        Queues.ensure(sqs, voice, maxReceiveCount, visibilitySeconds);
        Map<String, String> p = new HashMap<>();
        p.put("treant.sqs.command-queue", commands);
        p.put("treant.sqs.voice-queue", voice);
        p.put("treant.sqs.visibility-timeout", Integer.toString(visibilitySeconds));
        return p;
    }

    /** Worker properties pointing every service at the local fakes. */
    public Map<String, String> workerProperties(Map<String, String> queues, String store, String storeName) {
        String base = wiremock.baseUrl();
        Map<String, String> p = new HashMap<>(queues);
        p.put("treant.sqs.endpoint", sqsServer.url());
        p.put("treant.discord.api-url", base + "/discord/api/v10");
        p.put("treant.blizzard.oauth-url", base + "/oauth/token");
        p.put("treant.blizzard.api-url", base);
        p.put("treant.blizzard.client-id", "test-client");
        p.put("treant.blizzard.client-secret", "test-secret");
        p.put("treant.gemini.api-url", base);
        p.put("treant.gemini.api-key", "test-gemini-key");
        p.put("treant.gold.price-url", base + OFFER_PATH + "?currency=USD&country=US&include_out_of_stock=1");
        p.put("treant.worker.concurrent-consumers", "4");
        p.put("treant.worker.wait-time-seconds", "1");
        p.put("treant.worker.retry.initial-delay-ms", "50");
        p.put("treant.worker.retry.max-delay-ms", "200");
        p.put("treant.gemini.retry-delay-ms", "50");
        p.put("treant.gemini.total-timeout-ms", "5000");
        // the directory refresh runs when a test asks for it (direct:refresh-directory), not on its own
        p.put("treant.directory.first-refresh-seconds", "3600");
        p.put("treant.store", store);
        if (store.equals("embedded")) {
            p.put("treant.store.embedded-file", storeName);
        } else {
            p.put("treant.dynamodb.endpoint", dynalite.endpoint());
            p.put("treant.dynamodb.table", storeName);
        }
        return p;
    }

    /** The automatic recap's channel and its messages' path at the Discord stand-in. */
    public static final String RECAP_CHANNEL = "1200000000000000060";
    public static final String CHANNEL_POST_PATH = "/discord/api/v10/channels/" + RECAP_CHANNEL + "/messages";
    public static final String WARCRAFTLOGS_API_PATH = "/warcraftlogs/api/v2/client";

    /**
     * Raid recaps against the stand-ins: a Warcraft Logs client, the guild and channel set, no settle
     * time and no age limit (the fixtures' raids were in November 2026).
     */
    public Map<String, String> recapProperties() {
        String base = wiremock.baseUrl();
        Map<String, String> p = new HashMap<>();
        p.put("treant.warcraftlogs.client-id", "test-client");
        p.put("treant.warcraftlogs.client-secret", "test-secret");
        p.put("treant.warcraftlogs.oauth-url", base + "/warcraftlogs/oauth/token");
        p.put("treant.warcraftlogs.api-url", base + WARCRAFTLOGS_API_PATH);
        p.put("treant.warcraftlogs.guild", "Grove Wardens, dreamscythe, us");
        p.put("treant.warcraftlogs.channel-id", RECAP_CHANNEL);
        p.put("treant.discord.token", "test-bot-token");
        p.put("treant.warcraftlogs.settle-minutes", "0");
        p.put("treant.warcraftlogs.max-report-age-hours", "100000");
        return p;
    }

    /** Warcraft Logs' token, the guild's three reports (each answered as the Karazhan night), the channel post. */
    public void stubRecapServices() {
        wiremock.stubFor(post(urlPathEqualTo("/warcraftlogs/oauth/token")).willReturn(json(200, "warcraftlogs/oauth-token.json")));
        wiremock.stubFor(post(urlPathEqualTo(WARCRAFTLOGS_API_PATH)).withRequestBody(containing("GuildReports"))
                .willReturn(json(200, "warcraftlogs/reports-guild.json")));
        wiremock.stubFor(post(urlPathEqualTo(WARCRAFTLOGS_API_PATH)).withRequestBody(containing("query Recap")).atPriority(10)
                .willReturn(json(200, "warcraftlogs/report-karazhan.json")));
        wiremock.stubFor(post(urlPathEqualTo(CHANNEL_POST_PATH)).willReturn(json(200, "discord/channel-message-200.json")));
    }

    /** The happy answers of every service, from the fixtures. */
    public void stubHappyPath() {
        stubHappyPath(0);
    }

    /** The same, every answer after {@code delayMs} (Blizzard takes about 150 ms; the judge bench). */
    public void stubHappyPath(int delayMs) {
        wiremock.resetAll();
        wiremock.setGlobalFixedDelay(delayMs);
        wiremock.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(json(200, "blizzard/oauth-token.json")));
        wiremock.stubFor(get(urlPathEqualTo(EQUIPMENT_PATH.formatted("barkskin")))
                .willReturn(json(200, "blizzard/equipment-classicann-barkskin.json")));
        wiremock.stubFor(get(urlPathEqualTo(EQUIPMENT_PATH.formatted("twig")))
                .willReturn(json(200, "blizzard/equipment-classicann-twig.json")));
        wiremock.stubFor(get(urlPathEqualTo(CHARACTER_PATH.formatted("barkskin")))
                .willReturn(json(200, "blizzard/character-profile-classicann-barkskin.json")));
        wiremock.stubFor(get(urlPathEqualTo(MEDIA_PATH.formatted("barkskin")))
                .willReturn(json(200, "blizzard/character-media-classicann-barkskin.json")));
        wiremock.stubFor(get(urlPathEqualTo(SPECIALIZATIONS_PATH.formatted("barkskin")))
                .willReturn(json(200, "blizzard/specializations-classicann-barkskin.json")));
        // anyone else (Twig has only its gear; Nobodyhere nothing at all): 404, as Blizzard answers
        wiremock.stubFor(get(urlPathMatching("/profile/wow/character/.*")).atPriority(10)
                .willReturn(json(404, "blizzard/character-not-found-404.json")));
        wiremock.stubFor(post(urlPathEqualTo(GEMINI_PATH)).willReturn(json(200, "gemini/generate-content-structured-200.json")));
        wiremock.stubFor(get(urlPathEqualTo(OFFER_PATH)).willReturn(json(200, "gold/g2g-offer-200.json")));
        wiremock.stubFor(get(urlPathEqualTo(REALM_INDEX_PATH)).willReturn(json(200, "blizzard/realm-index-dynamic-classicann-us.json")));
        wiremock.stubFor(get(urlPathEqualTo(ROSTER_PATH)).willReturn(json(200, "blizzard/guild-roster-classicann.json")));
        wiremock.stubFor(patch(urlPathMatching(EDIT_PATH)).willReturn(json(200, "discord/edit-original-200.json")));
    }

    public void stub(MappingBuilder mapping) {
        wiremock.stubFor(mapping);
    }

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String fixture) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(Fixtures.text(fixture));
    }

    public CommandJob judgeJob(String character) {
        return new CommandJob(1, "judge", nextInteractionId(), APP, "token-" + SEQ.incrementAndGet(),
                "1200000000000000001", "1200000000000000050", "1100000000000000777", null, character, null, Instant.now());
    }

    public CommandJob goldJob(int amount) {
        return new CommandJob(1, "gold", nextInteractionId(), APP, "token-" + SEQ.incrementAndGet(),
                "1200000000000000001", "1200000000000000050", "1100000000000000777", amount, null, null, Instant.now());
    }

    public static String nextInteractionId() {
        return Long.toString(1318000000000000000L + System.nanoTime() % 1_000_000_000L * 100 + SEQ.incrementAndGet() % 100);
    }

    public void send(String queue, CommandJob job) throws Exception {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        String body = mapper.writeValueAsString(job);
        sqs.sendMessage(b -> b.queueUrl(url).messageBody(body));
    }

    /** The message JSON of an edit, plain or the payload_json part of a multipart edit. */
    public com.fasterxml.jackson.databind.JsonNode editJson(LoggedRequest edit) throws Exception {
        String type = edit.getHeader("Content-Type");
        if (type != null && type.startsWith("multipart/")) {
            return mapper.readTree(edit.getPart("payload_json").getBody().asString());
        }
        return mapper.readTree(edit.getBodyAsString());
    }

    public List<LoggedRequest> edits() {
        return wiremock.findAll(com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(urlPathMatching(EDIT_PATH)));
    }

    public List<LoggedRequest> editsFor(CommandJob job) {
        List<LoggedRequest> out = new ArrayList<>();
        for (LoggedRequest r : edits()) {
            if (r.getUrl().contains("/" + job.token() + "/")) {
                out.add(r);
            }
        }
        return out;
    }

    public int approximateMessages(String queue) {
        return LocalSqs.depth(sqs, queue);
    }

    public List<Message> receive(String queue, int waitSeconds) {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        return sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(waitSeconds).maxNumberOfMessages(10)).messages();
    }

    @Override
    public void close() throws Exception {
        if (sqs != null) {
            sqs.close();
        }
        wiremock.stop();
        sqsServer.stop();
        if (dynalite != null) {
            dynalite.close();
        }
    }
}
