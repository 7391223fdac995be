package treant.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import treant.jobs.CommandJob;

/**
 * Blizzard's Battle.net API, the parts that are logic: the client-credentials token (a
 * {@link ClientCredentials}, carried by the connector {@code routes/connectors/blizzard-get}), the
 * character's URL path segments and reading the answers into their records. The calls themselves
 * (method, URL, auth, the 401 once more) are the connector's steps.
 */
public final class Blizzard {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Blizzard.class);

    private final ClientCredentials token;
    private final String defaultRealm;
    private final ObjectMapper mapper;

    /** The judged character as Blizzard's URLs spell it: realm slug, lower-cased name, both URL-encoded. */
    public record CharacterPath(String realm, String name) {}

    public Blizzard(String clientId, String clientSecret, String defaultRealm, ObjectMapper mapper, Clock clock) {
        this.token = new ClientCredentials(clientId, clientSecret, "Blizzard", mapper, clock);
        this.defaultRealm = defaultRealm;
        this.mapper = mapper;
    }

    /** The token request's {@code Authorization} header (client id and secret, HTTP Basic). */
    public String basicAuthorization() {
        return token.basicAuthorization();
    }

    /** {@code Bearer <token>} while the cached token is valid, else null. */
    public String cachedBearer() {
        return token.cachedBearer();
    }

    /** The token answer (body) → cached → {@code Bearer <token>}. */
    public String rememberToken(String answer) throws Exception {
        return token.rememberBearer(answer);
    }

    /** Drops the cached token (Blizzard answered 401 with it). */
    public void forgetToken() {
        token.forget();
    }

    /** The job's character: the path segments of its profile URLs (names may have accented letters). */
    public CharacterPath character(CommandJob job) {
        return new CharacterPath(encode(realmSlug(job)), encode(job.character().toLowerCase(Locale.ROOT)));
    }

    /** The realm asked for, as a slug ("Living Flame" → "living-flame"), or the configured default. */
    public String realmSlug(CommandJob job) {
        return realmSlug(job, defaultRealm);
    }

    /** The realm asked for, as a slug, or {@code defaultRealm}'s. */
    public static String realmSlug(CommandJob job, String defaultRealm) {
        String realm = job.realm() == null || job.realm().isBlank() ? defaultRealm : job.realm();
        return realm.trim().toLowerCase(Locale.ROOT).replace("'", "").replaceAll("\\s+", "-");
    }

    /** The equipment answer, or null when Blizzard knows no such character (the connector's 404). */
    public BlizzardEquipment readEquipment(String answer) throws Exception {
        return answer == null ? null : mapper.readValue(answer, BlizzardEquipment.class);
    }

    /** The character summary, or null when Blizzard gave none (optional). */
    public BlizzardProfile readProfile(String answer) {
        return readOptional(answer, BlizzardProfile.class, "character summary");
    }

    /** The character media, or null when Blizzard gave none (optional). */
    public BlizzardMedia readMedia(String answer) {
        return readOptional(answer, BlizzardMedia.class, "character media");
    }

    /** The talent trees, or null when Blizzard gave none (optional). */
    public BlizzardSpecializations readSpecializations(String answer) {
        return readOptional(answer, BlizzardSpecializations.class, "specializations");
    }

    private <T> T readOptional(String answer, Class<T> type, String what) {
        if (answer == null) {
            LOG.info("Blizzard has no {}: the card goes out without it", what);
            return null;
        }
        try {
            return mapper.readValue(answer, type);
        } catch (Exception unreadable) {
            LOG.info("Blizzard {} was not readable ({}): the card goes out without it", what, unreadable.getClass().getSimpleName());
            return null;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
