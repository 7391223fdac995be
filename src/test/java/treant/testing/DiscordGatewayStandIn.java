package treant.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Discord, as far as a bot with a gateway session sees it, on 127.0.0.1: the REST calls JDA makes to
 * log in ({@code GET /users/@me}, {@code GET /gateway/bot} pointing at a local WebSocket) and the
 * interaction callback, on a WireMock server (so tests can shape answers, e.g. a slow callback);
 * and the gateway itself on a Vert.x WebSocket server: HELLO, IDENTIFY → READY, heartbeats and their
 * ACKs, RESUME → the missed dispatches and RESUMED, {@code INTERACTION_CREATE} dispatches, a
 * dropped session and an outage (handshakes refused). JSON encoding, no compression.
 */
public final class DiscordGatewayStandIn implements AutoCloseable {

    public static final String BOT_TOKEN = "test-bot-token";
    public static final String APPLICATION_ID = "1318000000000000001";
    public static final String CALLBACK_PATH = "/interactions/.*/callback";
    static final int HEARTBEAT_INTERVAL_MS = 1000;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final WireMockServer rest;
    private final String apiPath;
    private final Vertx vertx = Vertx.vertx();
    private HttpServer server;
    private volatile ServerWebSocket socket;
    private volatile boolean outage;
    private final List<String> dispatched = new ArrayList<>();
    private long seq;
    private int sessionNumber;
    private final AtomicInteger identifies = new AtomicInteger();
    private final AtomicInteger resumes = new AtomicInteger();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private volatile int identifiedIntents = -1;
    private final java.util.Map<String, Integer> deliveries = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param apiPath the path of Discord's REST base on {@code rest}, e.g. {@code /discord/api/v10} */
    public DiscordGatewayStandIn(WireMockServer rest, String apiPath) {
        this.rest = rest;
        this.apiPath = apiPath;
    }

    public DiscordGatewayStandIn start() throws Exception {
        server = vertx.createHttpServer().webSocketHandler(this::accept)
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        stubRest();
        return this;
    }

    /** The login and callback answers (again after a {@code resetAll} of the WireMock server). */
    public void stubRest() {
        stubRest(0);
    }

    /**
     * The same answers, from a Discord whose clock is {@code aheadSeconds} ahead of this machine's
     * (negative: behind): every answer carries Discord's {@code Date}, as Discord's do.
     */
    public void stubRest(int aheadSeconds) {
        String user = "{\"id\":\"" + APPLICATION_ID + "\",\"username\":\"Treant\",\"discriminator\":\"0000\",\"global_name\":null,"
                + "\"avatar\":null,\"bot\":true,\"verified\":true,\"mfa_enabled\":false,\"flags\":0}";
        rest.stubFor(get(urlPathEqualTo(apiPath + "/users/@me")).withHeader("Authorization", equalTo("Bot " + BOT_TOKEN))
                .willReturn(dated(json(user), aheadSeconds)));
        String gateway = "{\"url\":\"" + gatewayUrl() + "\",\"shards\":1,"
                + "\"session_start_limit\":{\"total\":1000,\"remaining\":1000,\"reset_after\":0,\"max_concurrency\":1}}";
        rest.stubFor(get(urlPathEqualTo(apiPath + "/gateway/bot")).willReturn(dated(json(gateway), aheadSeconds)));
        rest.stubFor(get(urlPathEqualTo(apiPath + "/gateway")).willReturn(dated(json("{\"url\":\"" + gatewayUrl() + "\"}"), aheadSeconds)));
        rest.stubFor(post(urlPathMatching(apiPath + CALLBACK_PATH)).atPriority(10)
                .willReturn(dated(aResponse().withStatus(204), aheadSeconds)));
    }

    /** Discord's {@code Date} header (RFC 1123), made when the answer is (WireMock's response templating). */
    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder dated(
            com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer, int aheadSeconds) {
        return answer.withHeader("Date", "{{now offset='" + aheadSeconds + " seconds' timezone='GMT' format='EEE, dd MMM yyyy HH:mm:ss z'}}")
                .withTransformers("response-template");
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    public String apiUrl() {
        return rest.baseUrl() + apiPath;
    }

    public String gatewayUrl() {
        return "ws://127.0.0.1:" + server.actualPort();
    }

    /** The properties that point a Treant process's gateway session here. */
    public java.util.Map<String, String> properties() {
        return java.util.Map.of(
                "treant.discord.interactions", "gateway",
                "treant.discord.token", BOT_TOKEN,
                "treant.discord.application-id", APPLICATION_ID,
                "treant.discord.api-url", apiUrl(),
                "treant.discord.gateway-url", gatewayUrl(),
                "treant.discord.gateway-compression", "none");
    }

    private void accept(ServerWebSocket ws) {
        if (outage) {
            ws.reject(503);
            return;
        }
        socket = ws;
        ws.textMessageHandler(text -> onMessage(ws, text));
        ws.closeHandler(v -> {
            if (socket == ws) {
                socket = null;
            }
        });
        ws.writeTextMessage("{\"op\":10,\"d\":{\"heartbeat_interval\":" + HEARTBEAT_INTERVAL_MS + "}}");
    }

    private void onMessage(ServerWebSocket ws, String text) {
        JsonNode message = read(text);
        switch (message.path("op").asInt(-1)) {
            case 1 -> {
                heartbeats.incrementAndGet();
                ws.writeTextMessage("{\"op\":11}");
            }
            case 2 -> {
                if (!BOT_TOKEN.equals(message.path("d").path("token").asText())) {
                    ws.close((short) 4004, "Authentication failed.");
                    return;
                }
                identifiedIntents = message.path("d").path("intents").asInt();
                identifies.incrementAndGet();
                String ready;
                synchronized (this) {
                    sessionNumber++;
                    ready = "{\"v\":10,\"user\":{\"id\":\"" + APPLICATION_ID + "\",\"username\":\"Treant\",\"discriminator\":\"0000\","
                            + "\"avatar\":null,\"bot\":true,\"verified\":true,\"mfa_enabled\":false,\"flags\":0},"
                            + "\"guilds\":[],\"private_channels\":[],\"session_id\":\"session-" + sessionNumber + "\","
                            + "\"resume_gateway_url\":\"" + gatewayUrl() + "\",\"shard\":[0,1],"
                            + "\"application\":{\"id\":\"" + APPLICATION_ID + "\",\"flags\":0}}";
                }
                send(ws, "READY", ready);
            }
            case 6 -> {
                long from = message.path("d").path("seq").asLong();
                List<String> missed = new ArrayList<>();
                synchronized (this) {
                    for (String event : dispatched) {
                        if (read(event).path("s").asLong() > from) {
                            missed.add(event);
                        }
                    }
                }
                missed.forEach(event -> {
                    ws.writeTextMessage(event);
                    delivered(read(event));
                });
                send(ws, "RESUMED", "{}");
                resumes.incrementAndGet();
            }
            default -> { }
        }
    }

    private synchronized void send(ServerWebSocket ws, String type, String data) {
        String event = "{\"op\":0,\"s\":" + (++seq) + ",\"t\":\"" + type + "\",\"d\":" + data + "}";
        if (!type.equals("READY") && !type.equals("RESUMED")) {
            dispatched.add(event);
        }
        if (ws != null) {
            ws.writeTextMessage(event);
            delivered(read(event));
        }
    }

    private void delivered(JsonNode event) {
        if ("INTERACTION_CREATE".equals(event.path("t").asText())) {
            deliveries.merge(event.path("d").path("id").asText(), 1, Integer::sum);
        }
    }

    /** How often this interaction went out on a session (live, or replayed at a RESUME). */
    public int deliveries(String interactionId) {
        return deliveries.getOrDefault(interactionId, 0);
    }

    /** Sends {@code INTERACTION_CREATE}; while the session is down it is kept for the RESUME, as Discord does. */
    public void interaction(JsonNode interaction) {
        send(socket, "INTERACTION_CREATE", interaction.toString());
    }

    /** Closes the session as Discord does when it restarts a gateway node (4000: reconnect and resume). */
    public void dropSession() {
        ServerWebSocket ws = socket;
        socket = null;
        if (ws != null) {
            ws.close((short) 4000, "stand-in: session reset");
        }
    }

    /** While on, WebSocket handshakes are refused (503). */
    public void outage(boolean on) {
        outage = on;
        if (on) {
            dropSession();
        }
    }

    public boolean connected() {
        return socket != null;
    }

    public int identifies() {
        return identifies.get();
    }

    public int resumes() {
        return resumes.get();
    }

    public int heartbeats() {
        return heartbeats.get();
    }

    /** The intents of the last IDENTIFY (-1 before one). */
    public int identifiedIntents() {
        return identifiedIntents;
    }

    /** The callback POSTs that reached the stand-in for this interaction. */
    public List<LoggedRequest> callbacks(String interactionId) {
        return rest.findAll(postRequestedFor(urlPathMatching(apiPath + "/interactions/" + interactionId + "/.*/callback")));
    }

    public JsonNode callbackBody(String interactionId) {
        List<LoggedRequest> found = callbacks(interactionId);
        return found.isEmpty() ? null : read(found.getFirst().getBodyAsString());
    }

    /**
     * A fixture as Discord would send it now: a fresh snowflake id (its time is now, the answer
     * window's clock) and a unique token.
     */
    public static ObjectNode fresh(String fixture) {
        return at(fixture, Instant.now());
    }

    /** A fixture whose interaction was created at {@code createdAt}. */
    public static ObjectNode at(String fixture, Instant createdAt) {
        ObjectNode tree = Fixtures.tree(fixture);
        long id = ((createdAt.toEpochMilli() - 1_420_070_400_000L) << 22) | (SEQUENCE.incrementAndGet() & 0x3FFFFF);
        tree.put("id", Long.toString(id));
        tree.put("token", "gateway-token-" + id);
        tree.put("application_id", APPLICATION_ID);
        return tree;
    }

    private static JsonNode read(String text) {
        try {
            return Fixtures.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
