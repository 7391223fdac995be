package treant.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import treant.store.Directory;

/**
 * Keeps what autocomplete offers fresh in the store (route {@code worker-directory-refresh}): the
 * realm index and, when {@code treant.blizzard.guild} is set, the guild's roster, at most once per
 * {@code refreshMinutes} however many workers ask (the stored list's age decides).
 */
public final class DirectoryRefresh {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryRefresh.class);

    private final Directory store;
    private final ObjectMapper mapper;
    private final String realmSlug;
    private final String guildSlug;
    private final boolean credentials;
    private final Duration every;
    private final Clock clock;

    public DirectoryRefresh(Directory store, ObjectMapper mapper, String realm, String guild, String clientId,
                            String secretsSource, int refreshMinutes, Clock clock) {
        this.store = store;
        this.mapper = mapper;
        this.realmSlug = slug(realm);
        this.guildSlug = guild == null || guild.isBlank() ? null : slug(guild);
        this.credentials = "aws".equals(secretsSource) || (clientId != null && !clientId.isBlank());
        this.every = Duration.ofMinutes(refreshMinutes);
        this.clock = clock;
    }

    /** Filter: Battle.net is set up and the stored realm list is missing or older than the interval. */
    public boolean isDue() {
        if (!credentials) {
            return false;
        }
        Directory.Listing realms = store.listing(Directory.REALMS);
        return realms == null || !clock.instant().isBefore(realms.updatedAt().plus(every));
    }

    /** Blizzard's realm index → the stored realm list (playable realms only, by name). */
    public void storeRealms(String answer) throws Exception {
        JsonNode index = mapper.readTree(required(answer, "realm index"));
        List<Directory.Entry> realms = new ArrayList<>();
        for (JsonNode realm : index.path("realms")) {
            String name = realm.path("name").asText("");
            String slug = realm.path("slug").asText("");
            if (isPlayable(name) && !slug.isEmpty()) {
                realms.add(new Directory.Entry(name, slug));
            }
        }
        realms.sort(Comparator.comparing(Directory.Entry::name));
        store.putListing(Directory.REALMS, realms, clock.instant());
        LOG.info("autocomplete: {} realms stored", realms.size());
    }

    /**
     * Blizzard's indexes also list internal realms ("PROGWOW US1 GMSS 1"): real realm names have
     * lower-case letters and no digits.
     */
    static boolean isPlayable(String name) {
        return !name.isBlank() && !name.matches(".*\\d.*") && !name.equals(name.toUpperCase(Locale.ROOT));
    }

    /** The configured guild's URL path segments ("dreamscythe/grove-wardens"), or null when no guild is set. */
    public String guildPath() {
        return guildSlug == null ? null : realmSlug + "/" + guildSlug;
    }

    /** The guild roster → the stored roster ("Barkskin · 70" → Barkskin), by name. */
    public void storeRoster(String answer) throws Exception {
        JsonNode roster = mapper.readTree(required(answer, "guild"));
        List<Directory.Entry> members = new ArrayList<>();
        for (JsonNode member : roster.path("members")) {
            JsonNode character = member.path("character");
            String name = character.path("name").asText("");
            if (!name.isEmpty()) {
                int level = character.path("level").asInt(0);
                members.add(new Directory.Entry(level > 0 ? name + " · " + level : name, name));
            }
        }
        members.sort(Comparator.comparing(Directory.Entry::value));
        store.putListing(Directory.ROSTER, members, clock.instant());
        LOG.info("autocomplete: {} guild members stored", members.size());
    }

    /** Blizzard's slug of a realm or guild name ("Grove Wardens" → grove-wardens). */
    static String slug(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replace("'", "").replaceAll("\\s+", "-");
    }

    /** Blizzard's 404 (the connector's null) is a failure here: the lists stay as they were. */
    private static String required(String answer, String what) {
        if (answer == null) {
            throw new IllegalStateException("Blizzard knows no " + what + " (404)");
        }
        return answer;
    }
}
