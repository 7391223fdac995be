package treant.recap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import treant.Keys;
import treant.discord.Markdown;
import treant.jobs.CommandJob;

/**
 * Warcraft Logs' API v2, the parts that are logic (its token is a {@code ClientCredentials} bean of its
 * own, {@code warcraftLogsToken}): the two GraphQL
 * requests (the guild's reports; one report with its fights, players and three tables), reading
 * their answers (GraphQL errors, the points left this hour) into records (the report's code,
 * {@link RaidReport}) or the {@link RecapRefusal} a user gets instead of a recap. The calls
 * themselves (method, URL, the token) are the connector {@code routes/connectors/warcraftlogs-query}.
 *
 * <p>Points: every answer carries {@code rateLimitData}; when fewer than {@link #RECAP_POINTS} are
 * left, or Warcraft Logs answers 429, no call is made until {@code pointsResetIn} has passed.
 */
public final class WarcraftLogs {

    private static final Logger LOG = LoggerFactory.getLogger(WarcraftLogs.class);

    /** What one recap may cost, at most (its query is about 3–10 points): below this, wait for the reset. */
    static final double RECAP_POINTS = 10;
    /** Table times are milliseconds from the report's start: this range is the whole report. */
    static final String WHOLE_REPORT = "startTime: 0, endTime: 1000000000000";

    static final String REPORTS_QUERY = """
            query GuildReports($guildName: String!, $guildServerSlug: String!, $guildServerRegion: String!, $limit: Int!) {
              reportData {
                reports(guildName: $guildName, guildServerSlug: $guildServerSlug, guildServerRegion: $guildServerRegion, limit: $limit) {
                  data { code title startTime endTime zone { name } }
                }
              }
              rateLimitData { limitPerHour pointsSpentThisHour pointsResetIn }
            }""";

    static final String REPORT_QUERY = """
            query Recap($code: String!) {
              reportData {
                report(code: $code) {
                  code title startTime endTime
                  zone { name }
                  fights(killType: Encounters) { id encounterID name kill difficulty bossPercentage fightPercentage startTime endTime }
                  masterData { actors(type: "Player") { id name subType server } }
                  damageDone: table(dataType: DamageDone, killType: Encounters, %1$s)
                  healing: table(dataType: Healing, killType: Encounters, %1$s)
                  deaths: table(dataType: Deaths, killType: Kills, %1$s)
                }
              }
              rateLimitData { limitPerHour pointsSpentThisHour pointsResetIn }
            }""".formatted(WHOLE_REPORT);

    /** The guild whose reports are recapped. */
    public record Guild(String name, String realmSlug, String region) {

        /** "Grove Wardens, dreamscythe, us"; the realm and region may be left out (the default realm, us). */
        static Guild parse(String setting, String defaultRealm) {
            if (setting == null || setting.isBlank()) {
                return null;
            }
            String[] parts = setting.split(",");
            String name = parts[0].strip();
            String realm = parts.length > 1 && !parts[1].isBlank() ? parts[1].strip() : defaultRealm;
            String region = parts.length > 2 && !parts[2].isBlank() ? parts[2].strip() : "us";
            return new Guild(name, realm.toLowerCase(Locale.ROOT).replace("'", "").replaceAll("\\s+", "-"),
                    region.toLowerCase(Locale.ROOT));
        }
    }

    private record Reading(double limitPerHour, double spent, long resetIn, Instant readAt) {}

    private final boolean configured;
    private final URI api;
    private final Guild guild;
    private final int reportsPerQuery;
    private final ObjectMapper mapper;
    private final Clock clock;
    private volatile Instant restingUntil = Instant.MIN;
    private volatile Reading lastReading;

    /**
     * @param apiUrl          the GraphQL endpoint of the game version's site, e.g. https://fresh.warcraftlogs.com/api/v2/client
     * @param guild           {@code treant.warcraftlogs.guild}: name, realm slug, region (empty: none)
     * @param reportsPerQuery how many of the guild's newest reports one query lists
     */
    public WarcraftLogs(String clientId, String clientSecret, String apiUrl, String guild, String defaultRealm,
                        int reportsPerQuery, ObjectMapper mapper, Clock clock) {
        this.configured = !isBlank(clientId) && !isBlank(clientSecret);
        this.api = URI.create(apiUrl.strip());
        this.guild = Guild.parse(guild, defaultRealm);
        this.reportsPerQuery = reportsPerQuery;
        this.mapper = mapper;
        this.clock = clock;
    }

    public boolean isConfigured() {
        return configured;
    }

    public Guild guild() {
        return guild;
    }

    // --- the requests

    /** The job's report code, or null (the guild's newest). */
    public String requestedReport(@ExchangeProperty(Keys.JOB) CommandJob job) {
        return job == null || job.report() == null || job.report().isBlank() ? null : job.report();
    }

    /** The guild's newest reports (JSON of a GraphQL request). */
    public String guildReportsRequest() throws Exception {
        if (guild == null) {
            throw new IllegalStateException("treant.warcraftlogs.guild is empty: no guild to list reports of");
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("guildName", guild.name());
        variables.put("guildServerSlug", guild.realmSlug());
        variables.put("guildServerRegion", guild.region());
        variables.put("limit", reportsPerQuery);
        return mapper.writeValueAsString(Map.of("query", REPORTS_QUERY, "variables", variables));
    }

    /** The report of this code, with its fights, players and tables (JSON of a GraphQL request). */
    public String reportRequest(@Body String code) throws Exception {
        return mapper.writeValueAsString(Map.of("query", REPORT_QUERY, "variables", Map.of("code", code)));
    }

    // --- the answers

    /** The refusal while the hour's points are spent (asked instead of a call while {@link #isResting()}). */
    public RecapRefusal rateLimited() {
        return new RecapRefusal(RecapRefusal.Reason.RATE_LIMITED, rateLimitedText());
    }

    /** True while no call should be made (the points are spent until {@code pointsResetIn}). */
    public boolean isResting() {
        return clock.instant().isBefore(restingUntil);
    }

    public Instant restingUntil() {
        return restingUntil;
    }

    /**
     * The guild's reports answer → the newest one's code (a String), or a {@link RecapRefusal} (no
     * reports; the points spent).
     */
    public Object readLatest(@Body String answer, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
                             @Header("Retry-After") String retryAfter) throws Exception {
        List<RaidReport.Listed> reports = listed(answer(answer, status, retryAfter));
        if (reports == null) {
            return rateLimited();
        }
        if (reports.isEmpty()) {
            return new RecapRefusal(RecapRefusal.Reason.NO_REPORTS, "📜 Warcraft Logs lists no public report of **"
                    + Markdown.escape(guild.name()) + "** (" + Markdown.escape(guild.realmSlug()) + ", "
                    + guild.region().toUpperCase(Locale.ROOT) + ") yet. Upload the raid's log, or give me one with `report:`.");
        }
        return reports.getFirst().code();
    }

    /** The guild's reports answer → the reports, newest first (none when the points are spent). */
    public List<RaidReport.Listed> readGuildReports(@Body String answer, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
                                                    @Header("Retry-After") String retryAfter) throws Exception {
        List<RaidReport.Listed> reports = listed(answer(answer, status, retryAfter));
        return reports == null ? List.of() : reports;
    }

    private List<RaidReport.Listed> listed(JsonNode answer) throws Exception {
        if (answer == null) {
            return null;
        }
        JsonNode data = answer.path("data").path("reportData").path("reports").path("data");
        if (!data.isArray()) {
            throw new IllegalStateException("Warcraft Logs did not list the guild's reports: " + errorMessages(answer));
        }
        List<RaidReport.Listed> reports = new ArrayList<>();
        for (JsonNode r : data) {
            reports.add(mapper.treeToValue(r, RaidReport.Listed.class));
        }
        reports.sort(Comparator.comparingLong(RaidReport.Listed::startTime).reversed());
        return reports;
    }

    /**
     * The report answer → the {@link RaidReport}, or a {@link RecapRefusal} (unknown, private, the
     * points spent).
     *
     * @param code the report asked for (the answer of an unknown one does not say it)
     */
    public Object readReport(@Variable("reportCode") String code, @Body String json,
                             @Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Header("Retry-After") String retryAfter)
            throws Exception {
        JsonNode answer = answer(json, status, retryAfter);
        if (answer == null) {
            return rateLimited();
        }
        JsonNode report = answer.path("data").path("reportData").path("report");
        String errors = errorMessages(answer);
        if (report.isMissingNode() || report.isNull()) {
            String lower = errors.toLowerCase(Locale.ROOT);
            if (lower.contains("permission") || lower.contains("private")) {
                return new RecapRefusal(RecapRefusal.Reason.UNKNOWN, "📜 The report `" + code + "` on " + api.getHost()
                        + " is private: Warcraft Logs shows it only to its owner. Make it public or unlisted, then ask again.");
            }
            if (errors.isEmpty() || lower.contains("does not exist") || lower.contains("not found")) {
                return new RecapRefusal(RecapRefusal.Reason.UNKNOWN, "📜 Warcraft Logs has no report `" + code + "` on "
                        + api.getHost() + ". Check the code or the link (`…/reports/<code>`).");
            }
            // a query Warcraft Logs refused (a schema change?): the job fails and the user gets the error answer
            throw new IllegalStateException("Warcraft Logs refused the recap query: " + errors);
        }
        if (!errors.isEmpty()) {
            LOG.warn("Warcraft Logs answered report {} with errors (the recap shows what came): {}", code, errors);
        }
        Reading r = lastReading;
        if (r != null) {
            LOG.info("recap of report {}: {} of {} Warcraft Logs points spent this hour", code, r.spent(), r.limitPerHour());
        }
        return mapper.treeToValue(report, RaidReport.class);
    }

    /**
     * The answer as JSON, having noted its points; null when the points are spent: a 429, or a
     * GraphQL error saying so.
     */
    private JsonNode answer(String json, Integer status, String retryAfterHeader) throws Exception {
        if (status != null && status == 429) {
            Long retryAfter = retryAfterSeconds(retryAfterHeader);
            Reading r = lastReading;
            Instant now = clock.instant();
            Instant until = retryAfter != null ? now.plusSeconds(retryAfter)
                    : r != null && r.readAt().plusSeconds(r.resetIn()).isAfter(now) ? r.readAt().plusSeconds(r.resetIn())
                    : now.plus(Duration.ofHours(1)); // the points are counted per hour: never longer than that
            rest(until, "Warcraft Logs answered 429");
            return null;
        }
        JsonNode answer = mapper.readTree(json);
        note(answer.path("data").path("rateLimitData"));
        if (errorMessages(answer).toLowerCase(Locale.ROOT).contains("rate limit")) {
            Reading r = lastReading;
            rest(r == null ? clock.instant().plus(Duration.ofHours(1)) : r.readAt().plusSeconds(r.resetIn()),
                    "Warcraft Logs: " + errorMessages(answer));
            return null;
        }
        return answer;
    }

    /** Remembers the points left; too few for another recap: rest until they reset. */
    private void note(JsonNode rate) {
        if (!rate.isObject() || !rate.path("limitPerHour").isNumber()) {
            return;
        }
        Reading r = new Reading(rate.path("limitPerHour").asDouble(), rate.path("pointsSpentThisHour").asDouble(),
                rate.path("pointsResetIn").asLong(), clock.instant());
        lastReading = r;
        if (r.limitPerHour() - r.spent() < RECAP_POINTS) {
            rest(r.readAt().plusSeconds(r.resetIn()), "Warcraft Logs points spent (" + r.spent() + " of " + r.limitPerHour() + ")");
        }
    }

    private void rest(Instant until, String why) {
        if (until.isAfter(restingUntil)) {
            restingUntil = until;
            LOG.warn("{}: no Warcraft Logs call until {}", why, until);
        }
    }

    private String rateLimitedText() {
        long at = restingUntil.getEpochSecond();
        Reading r = lastReading;
        String spent = r == null ? "" : " (" + Math.round(r.spent()) + " of " + Math.round(r.limitPerHour()) + ")";
        return "📜 This bot has spent its Warcraft Logs points for this hour" + spent + ". I can read reports again <t:"
                + at + ":R> (<t:" + at + ":t>): ask me then.";
    }

    private static String errorMessages(JsonNode answer) {
        List<String> messages = new ArrayList<>();
        for (JsonNode e : answer.path("errors")) {
            messages.add(e.path("message").asText("?"));
        }
        return String.join("; ", messages);
    }

    private static Long retryAfterSeconds(String header) {
        try {
            return header == null ? null : Math.max(1, Long.parseLong(header.strip()));
        } catch (NumberFormatException notSeconds) {
            return null;
        }
    }

    /** The report's page on the site the API belongs to (fresh.warcraftlogs.com for TBC Anniversary). */
    public String reportUrl(String code) {
        return api.getScheme() + "://" + api.getRawAuthority() + "/reports/" + code;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
