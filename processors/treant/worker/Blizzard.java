package treant.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import treant.jobs.CommandJob;

/**
 * Blizzard's Battle.net API: the client-credentials token (cached for the whole process until 60 s
 * before it expires, shared by all jobs) and the character equipment request of SPEC §1.
 */
public final class Blizzard {

    /** Renew this long before the token expires, so no request carries a token that dies on the way. */
    static final long EXPIRY_MARGIN_SECONDS = 60;

    private final String oauthUrl;
    private final String basicAuth;
    private final String apiUrl;
    private final String namespace;
    private final String defaultRealm;
    private final ObjectMapper mapper;
    private final Clock clock;

    private record Token(String value, Instant renewAt) {}

    private volatile Token token;

    public Blizzard(String oauthUrl, String clientId, String clientSecret, String apiUrl, String namespace,
                    String defaultRealm, ObjectMapper mapper, Clock clock) {
        this.oauthUrl = oauthUrl;
        this.basicAuth = "Basic " + Base64.getEncoder()
                .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        this.apiUrl = HttpCall.trimSlash(apiUrl);
        this.namespace = namespace;
        this.defaultRealm = defaultRealm;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Processor: puts a still-valid cached token into {@link JobKeys#BLIZZARD_TOKEN}, or removes it. */
    public void useCachedToken(Exchange exchange) {
        Token t = token;
        if (t != null && clock.instant().isBefore(t.renewAt())) {
            exchange.setProperty(JobKeys.BLIZZARD_TOKEN, t.value());
        } else {
            exchange.removeProperty(JobKeys.BLIZZARD_TOKEN);
        }
    }

    /** Processor: the client-credentials POST to {@code treant.blizzard.oauth-url}. */
    public void prepareTokenRequest(Exchange exchange) {
        Message m = HttpCall.request(exchange, "POST", oauthUrl);
        m.setHeader("Authorization", basicAuth);
        m.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
        m.setBody("grant_type=client_credentials");
    }

    /** Processor: reads the token answer, caches it and puts it into {@link JobKeys#BLIZZARD_TOKEN}. */
    public void rememberToken(Exchange exchange) throws Exception {
        JsonNode answer = mapper.readTree(exchange.getMessage().getBody(String.class));
        String value = answer.path("access_token").asText("");
        if (value.isEmpty()) {
            throw new IllegalStateException("Blizzard token answer has no access_token");
        }
        long lifetime = answer.path("expires_in").asLong(0);
        token = new Token(value, clock.instant().plusSeconds(Math.max(0, lifetime - EXPIRY_MARGIN_SECONDS)));
        exchange.setProperty(JobKeys.BLIZZARD_TOKEN, value);
    }

    /** Processor: drops the cached token (Blizzard answered 401 with it). */
    public void forgetToken(Exchange exchange) {
        token = null;
    }

    /** Processor: the equipment GET of SPEC §1 for the job's character and realm. */
    public void prepareEquipmentRequest(Exchange exchange) {
        CommandJob job = exchange.getProperty(JobKeys.JOB, CommandJob.class);
        String token = exchange.getProperty(JobKeys.BLIZZARD_TOKEN, String.class);
        Message m = HttpCall.request(exchange, "GET", equipmentUrl(job));
        m.setHeader("Authorization", "Bearer " + token);
        m.setHeader("Accept", "application/json");
    }

    String equipmentUrl(CommandJob job) {
        return apiUrl + "/profile/wow/character/" + encode(realmSlug(job)) + "/"
                + encode(job.character().toLowerCase(Locale.ROOT)) + "/equipment?namespace=" + encode(namespace)
                + "&locale=en_US";
    }

    /** The realm asked for, as a slug ("Living Flame" → "living-flame"), or the configured default. */
    public String realmSlug(CommandJob job) {
        String realm = job.realm() == null || job.realm().isBlank() ? defaultRealm : job.realm();
        return realm.trim().toLowerCase(Locale.ROOT).replace("'", "").replaceAll("\\s+", "-");
    }

    /** Processor: the equipment answer (body) into {@link JobKeys#EQUIPMENT}. */
    public void readEquipment(Exchange exchange) throws Exception {
        exchange.setProperty(JobKeys.EQUIPMENT,
                mapper.readValue(exchange.getMessage().getBody(String.class), BlizzardEquipment.class));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
