package treant.worker;

import treant.Keys;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import org.apache.camel.Exchange;
import treant.jobs.CommandJob;

/**
 * Blizzard's Battle.net API, the parts that are logic: the client-credentials token (a
 * {@link ClientCredentials}), the character's URL path segments
 * and reading the equipment answer. The calls themselves (method, URL) are steps of
 * {@code routes/worker/worker-judge.camel.yaml}.
 */
public final class Blizzard {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Blizzard.class);

    private final ClientCredentials token;
    private final String defaultRealm;
    private final ObjectMapper mapper;

    public Blizzard(String clientId, String clientSecret, String defaultRealm, ObjectMapper mapper, Clock clock) {
        this.token = new ClientCredentials(clientId, clientSecret, Keys.BLIZZARD_TOKEN, "Blizzard", mapper, clock);
        this.defaultRealm = defaultRealm;
        this.mapper = mapper;
    }

    /** The token request's {@code Authorization} header (client id and secret, HTTP Basic). */
    public String basicAuthorization() {
        return token.basicAuthorization();
    }

    /** Puts a still-valid cached token into {@link Keys#BLIZZARD_TOKEN}, or removes it. */
    public void useCachedToken(Exchange exchange) {
        token.useCachedToken(exchange);
    }

    /** Reads the token answer (body), caches it and puts it into {@link Keys#BLIZZARD_TOKEN}. */
    public void rememberToken(Exchange exchange) throws Exception {
        token.rememberToken(exchange);
    }

    /** Drops the cached token (Blizzard answered 401 with it). */
    public void forgetToken(Exchange exchange) {
        token.forgetToken(exchange);
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
