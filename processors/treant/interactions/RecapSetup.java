package treant.interactions;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code /treant recap} needs before a job is worth queueing: Warcraft Logs credentials (or AWS
 * Secrets Manager, where only the worker reads them), and a report: the one given, or the configured
 * guild's latest. Also reads the {@code report} option: a code, or a report link of the site the bot
 * reads (each game version has its own: fresh.warcraftlogs.com for TBC Anniversary).
 */
public final class RecapSetup {

    static final String NOT_SET_UP = "📜 Recaps are not set up yet: the bot's owner has not given Treant a Warcraft Logs API "
            + "client (the settings `treant.warcraftlogs.client-id` and `treant.warcraftlogs.client-secret`).";
    static final String NO_GUILD = "📜 Which report? Give one with `report:` (its code or link): the bot's owner has not "
            + "set the guild (`treant.warcraftlogs.guild`) whose latest report I would take.";

    /** The longest {@code report} option: a link with a fight or view after the code still fits. */
    public static final int REPORT_MAX_LENGTH = 200;
    /** A report code: 16 letters and digits. */
    static final Pattern CODE = Pattern.compile("[A-Za-z0-9]{16}");
    /** A report link: {@code https://<site>.warcraftlogs.com/reports/<code>}, a fight or view after it allowed. */
    static final Pattern LINK = Pattern.compile(
            "(?i)(?:https?://)?((?:[a-z]+\\.)?warcraftlogs\\.com)/reports/([A-Za-z0-9]{16})(?:[/?#][^\\s]*)?");

    private final boolean configured;
    private final boolean guild;
    private final String site;

    /** @param apiUrl the GraphQL endpoint the worker asks; its host is the site whose links are accepted */
    public RecapSetup(String clientId, String clientSecret, String secretsSource, String guild, String apiUrl) {
        boolean fromAws = "aws".equals(secretsSource == null ? "" : secretsSource.trim());
        this.configured = fromAws || (!isBlank(clientId) && !isBlank(clientSecret));
        this.guild = !isBlank(guild);
        String host = isBlank(apiUrl) ? null : URI.create(apiUrl.strip()).getHost();
        this.site = host != null && host.toLowerCase(Locale.ROOT).endsWith("warcraftlogs.com") ? host.toLowerCase(Locale.ROOT) : null;
    }

    public static RecapSetup configured() {
        return new RecapSetup("set", "set", "env", "Grove Wardens", "https://fresh.warcraftlogs.com/api/v2/client");
    }

    public boolean isConfigured() {
        return configured;
    }

    public boolean hasGuild() {
        return guild;
    }

    /** The code of a typed report (a code or a link), or an {@link InvalidOptions} saying what is wrong. */
    String reportCode(String typed, java.util.function.Function<String, String> printable) {
        String t = typed.strip();
        if (t.length() > REPORT_MAX_LENGTH) {
            throw new InvalidOptions("📜 That is too long for a report code or link (at most " + REPORT_MAX_LENGTH + " characters).");
        }
        if (CODE.matcher(t).matches()) {
            return t;
        }
        Matcher link = LINK.matcher(t);
        if (link.matches()) {
            String host = link.group(1).toLowerCase(Locale.ROOT);
            if (site != null && !host.equals(site)) {
                throw new InvalidOptions("📜 That report is on " + host + ", and this bot reads " + site
                        + " (each game version has its own Warcraft Logs site).");
            }
            return link.group(2);
        }
        throw new InvalidOptions("📜 `" + printable.apply(t) + "` is not a Warcraft Logs report: give its code "
                + "(16 letters and digits) or its link, `https://" + (site == null ? "fresh.warcraftlogs.com" : site)
                + "/reports/<code>`.");
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
