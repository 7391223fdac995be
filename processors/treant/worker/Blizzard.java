package treant.worker;

import treant.Keys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import org.apache.camel.Exchange;
import treant.jobs.CommandJob;

/**
 * Blizzard's Battle.net API, the parts that are logic: the client-credentials token (cached for the
 * whole process until 60 s before it expires, shared by all jobs), the character's URL path segments
 * and reading the equipment answer. The calls themselves (method, URL) are steps of
 * {@code routes/worker-judge.camel.yaml}.
 */
public final class Blizzard {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Blizzard.class);

    /** Renew this long before the token expires, so no request carries a token that dies on the way. */
    static final long EXPIRY_MARGIN_SECONDS = 60;

    private final String basicAuth;
    private final String defaultRealm;
    private final ObjectMapper mapper;
    private final Clock clock;

    private record Token(String value, Instant renewAt) {}

    private volatile Token token;

    public Blizzard(String clientId, String clientSecret, String defaultRealm, ObjectMapper mapper, Clock clock) {
        this.basicAuth = "Basic " + Base64.getEncoder()
                .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        this.defaultRealm = defaultRealm;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** The token request's {@code Authorization} header (client id and secret, HTTP Basic). */
    public String basicAuthorization() {
        return basicAuth;
    }

    /** Puts a still-valid cached token into {@link Keys#BLIZZARD_TOKEN}, or removes it. */
    public void useCachedToken(Exchange exchange) {
        Token t = token;
        if (t != null && clock.instant().isBefore(t.renewAt())) {
            exchange.setProperty(Keys.BLIZZARD_TOKEN, t.value());
        } else {
            exchange.removeProperty(Keys.BLIZZARD_TOKEN);
        }
    }

    /** Reads the token answer (body), caches it and puts it into {@link Keys#BLIZZARD_TOKEN}. */
    public void rememberToken(Exchange exchange) throws Exception {
        JsonNode answer = mapper.readTree(exchange.getMessage().getBody(String.class));
        String value = answer.path("access_token").asText("");
        if (value.isEmpty()) {
            throw new IllegalStateException("Blizzard token answer has no access_token");
        }
        long lifetime = answer.path("expires_in").asLong(0);
        token = new Token(value, clock.instant().plusSeconds(Math.max(0, lifetime - EXPIRY_MARGIN_SECONDS)));
        exchange.setProperty(Keys.BLIZZARD_TOKEN, value);
    }

    /** Drops the cached token (Blizzard answered 401 with it). */
    public void forgetToken(Exchange exchange) {
        token = null;
        exchange.removeProperty(Keys.BLIZZARD_TOKEN);
    }

    /**
     * {@link Keys#REALM_SLUG} and {@link Keys#CHARACTER_SLUG} for the job's character: the path
     * segments of the profile URL, lower case and URL-encoded (names may have accented letters).
     */
    public void characterPath(Exchange exchange) {
        CommandJob job = exchange.getProperty(Keys.JOB, CommandJob.class);
        exchange.setProperty(Keys.REALM_SLUG, encode(realmSlug(job)));
        exchange.setProperty(Keys.CHARACTER_SLUG, encode(job.character().toLowerCase(Locale.ROOT)));
    }

    /** The realm asked for, as a slug ("Living Flame" → "living-flame"), or the configured default. */
    public String realmSlug(CommandJob job) {
        String realm = job.realm() == null || job.realm().isBlank() ? defaultRealm : job.realm();
        return realm.trim().toLowerCase(Locale.ROOT).replace("'", "").replaceAll("\\s+", "-");
    }

    /** The equipment answer (body) into {@link Keys#EQUIPMENT}. */
    public void readEquipment(Exchange exchange) throws Exception {
        exchange.setProperty(Keys.EQUIPMENT,
                mapper.readValue(exchange.getMessage().getBody(String.class), BlizzardEquipment.class));
    }

    /** Processor: the character summary into {@link Keys#CHARACTER_PROFILE} when Blizzard gave one (optional). */
    public void readProfile(Exchange exchange) {
        readOptional(exchange, Keys.CHARACTER_PROFILE, BlizzardProfile.class, "character summary");
    }

    /** Processor: the character media into {@link Keys#CHARACTER_MEDIA} when Blizzard gave it (optional). */
    public void readMedia(Exchange exchange) {
        readOptional(exchange, Keys.CHARACTER_MEDIA, BlizzardMedia.class, "character media");
    }

    /** Processor: the talent trees into {@link Keys#SPECIALIZATIONS} when Blizzard gave them (optional). */
    public void readSpecializations(Exchange exchange) {
        readOptional(exchange, Keys.SPECIALIZATIONS, BlizzardSpecializations.class, "specializations");
    }

    private void readOptional(Exchange exchange, String key, Class<?> type, String what) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status != 200) {
            LOG.info("Blizzard {} answered {}: the card goes out without it", what, status);
            exchange.removeProperty(key);
            return;
        }
        try {
            exchange.setProperty(key, mapper.readValue(exchange.getMessage().getBody(String.class), type));
        } catch (Exception unreadable) {
            LOG.info("Blizzard {} was not readable ({}): the card goes out without it", what, unreadable.getClass().getSimpleName());
            exchange.removeProperty(key);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
