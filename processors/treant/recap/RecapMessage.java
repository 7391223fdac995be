package treant.recap;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import treant.discord.ChannelMessage;
import treant.discord.Embed;
import treant.discord.Markdown;
import treant.discord.MessageEdit;

/**
 * The recap as one embed: the report's title (a link to it), zone, date and length, the AI summary
 * when there is one, then the bosses (kill or wipes, kill time, best wipe), the top three damage and
 * healing, and the deaths on kills with each player's most frequent killing blow. Whatever the
 * report holds, it stays inside Discord's limits: whole lines only, "…and N more" where a list is cut.
 */
public final class RecapMessage {

    /** Forest green. */
    public static final int COLOUR = 0x2E8B57;
    public static final String BOSSES = "🐉 Bosses";
    public static final String DAMAGE = "⚔️ Damage";
    public static final String HEALING = "💚 Healing";
    public static final String DEATHS = "💀 Deaths on kills";
    /** The description's share of the 6000: its header and the summary. */
    static final int DESCRIPTION_MAX = 1500;
    /** One summary line at most (the model is asked for 120 characters). */
    static final int SUMMARY_LINE_MAX = 200;

    private final WarcraftLogs warcraftLogs;
    private final ObjectMapper mapper;

    public RecapMessage(WarcraftLogs warcraftLogs, ObjectMapper mapper) {
        this.warcraftLogs = warcraftLogs;
        this.mapper = mapper;
    }

    /**
     * The report and its summary → the answer.
     *
     * @param summary a {@link RecapSummary.Summary}, or the note saying why there is none (the recap leaves it out)
     */
    public MessageEdit recapEdit(@Body RaidReport report, @Variable("summary") Object summary) {
        return new MessageEdit("", List.of(embed(report, summary)), null);
    }

    /**
     * The automatic recap's {@code POST /channels/{id}/messages} body (JSON), once per report (its
     * nonce: the report as the guild's list named it, the code the store records as posted).
     */
    public String channelMessage(@Variable("claim") AutoRecap.Claim claim, @Body RaidReport report,
                                 @Variable("summary") Object summary) throws Exception {
        String nonce = "recap-" + claim.code();
        return mapper.writeValueAsString(ChannelMessage.once(
                nonce.substring(0, Math.min(nonce.length(), ChannelMessage.NONCE_MAX)), List.of(embed(report, summary))));
    }

    private Embed embed(RaidReport report, Object summary) {
        return embed(RaidNight.of(report), summary instanceof RecapSummary.Summary s ? s : null);
    }

    /** @param summary the AI's lines, or null */
    public Embed embed(RaidNight night, RecapSummary.Summary summary) {
        RaidReport r = night.report();
        String url = warcraftLogs.reportUrl(r.code());
        String title = Embed.cut("📜 " + Markdown.escape(r.title() == null || r.title().isBlank() ? r.code() : r.title())
                + (r.zoneName() == null ? "" : " — " + Markdown.escape(r.zoneName())), Embed.TITLE_MAX);
        String description = Embed.cut(description(night, summary, url), DESCRIPTION_MAX);
        Embed.Footer footer = new Embed.Footer(Embed.cut("Warcraft Logs report " + r.code(), Embed.FOOTER_MAX));

        List<Embed.Field> ranks = new ArrayList<>();
        if (!night.damage().isEmpty()) {
            ranks.add(new Embed.Field(DAMAGE, ranking(night.damage(), night.rankedMs(), "DPS"), true));
        }
        if (!night.healing().isEmpty()) {
            ranks.add(new Embed.Field(HEALING, ranking(night.healing(), night.rankedMs(), "HPS"), true));
        }
        int room = Embed.TOTAL_MAX - title.length() - description.length() - footer.text().length();
        for (Embed.Field f : ranks) {
            room -= f.name().length() + f.value().length();
        }
        List<String> deathLines = deathLines(night);
        int deathsWanted = Math.min(Embed.FIELD_VALUE_MAX, String.join("\n", deathLines).length());
        String bosses = fit(bossLines(night), Math.min(Embed.FIELD_VALUE_MAX,
                room - BOSSES.length() - DEATHS.length() - Math.min(deathsWanted, 300)));
        room -= BOSSES.length() + bosses.length();
        String deaths = fit(deathLines, Math.min(Embed.FIELD_VALUE_MAX, room - DEATHS.length()));

        List<Embed.Field> fields = new ArrayList<>(); // Discord refuses a field without a value
        if (!bosses.isEmpty()) {
            fields.add(new Embed.Field(BOSSES, bosses, false));
        }
        fields.addAll(ranks);
        if (!deaths.isEmpty()) {
            fields.add(new Embed.Field(DEATHS, deaths, false));
        }
        return new Embed(title, description, COLOUR, fields, null, footer, null, url);
    }

    /** "**Karazhan** · <date> · <from>–<to> · 1 h 58 min", the link, then the summary's lines. */
    static String description(RaidNight night, RecapSummary.Summary summary, String url) {
        RaidReport r = night.report();
        long from = r.startTime() / 1000;
        long to = r.endTime() / 1000;
        StringBuilder d = new StringBuilder();
        if (r.zoneName() != null) {
            d.append("**").append(Markdown.escape(r.zoneName())).append("** · ");
        }
        d.append("<t:").append(from).append(":D> · <t:").append(from).append(":t>–<t:").append(to).append(":t> · ")
                .append(duration(night.lengthMs()))
                .append("\n[Full report on Warcraft Logs](").append(url).append(')');
        if (summary != null) {
            d.append('\n');
            for (String line : summary.lineList()) {
                d.append("\n> ").append(Embed.cut(Markdown.plain(line.strip()), SUMMARY_LINE_MAX));
            }
        }
        return d.toString();
    }

    static List<String> bossLines(RaidNight night) {
        if (night.bosses().isEmpty()) {
            return List.of("*No boss was pulled in this report.*");
        }
        List<String> lines = new ArrayList<>();
        for (RaidNight.Boss b : night.bosses()) {
            StringBuilder line = new StringBuilder(b.kills() > 0 ? "✅ " : "❌ ").append("**").append(Markdown.escape(b.name()))
                    .append("**");
            List<String> parts = new ArrayList<>();
            if (b.kills() > 0) {
                parts.add("killed in " + clock(b.killMs()) + (b.kills() > 1 ? " (" + b.kills() + " kills)" : ""));
            }
            if (b.wipes() > 0) {
                parts.add(b.wipes() + (b.wipes() == 1 ? " wipe" : " wipes")
                        + (b.bestWipePercent() == null ? "" : ", best " + percent(b.bestWipePercent())));
            }
            lines.add(line.append(" — ").append(String.join(" · ", parts)).toString());
        }
        return lines;
    }

    static String ranking(List<RaidNight.Rank> ranks, long rankedMs, String perSecond) {
        List<String> lines = new ArrayList<>();
        int n = 1;
        for (RaidNight.Rank r : ranks) {
            String rate = rankedMs > 0 ? " · " + amount(Math.round(r.total() * 1000.0 / rankedMs)) + " " + perSecond : "";
            lines.add(n++ + ". **" + Markdown.escape(Embed.cut(r.name(), 40)) + "** " + amount(r.total()) + rate);
        }
        return fit(lines, Embed.FIELD_VALUE_MAX);
    }

    static List<String> deathLines(RaidNight night) {
        if (!night.anyKill()) {
            return List.of();
        }
        if (night.deaths().isEmpty()) {
            return List.of("*Nobody died on a kill.*");
        }
        List<String> lines = new ArrayList<>();
        for (RaidNight.Deaths d : night.deaths()) {
            lines.add("**" + Markdown.escape(Embed.cut(d.name(), 40)) + "** ×" + d.count()
                    + (d.topKillingBlow() == null ? "" : " — " + Markdown.escape(Embed.cut(d.topKillingBlow(), 60))));
        }
        return lines;
    }

    /** Whole lines within {@code max} characters, "…and N more" when some are left out; empty when none fit. */
    static String fit(List<String> lines, int max) {
        String all = String.join("\n", lines);
        if (all.length() <= max) {
            return all;
        }
        StringBuilder out = new StringBuilder();
        int kept = 0;
        for (String line : lines) {
            String more = "\n…and " + (lines.size() - kept - 1) + " more";
            if (out.length() + (out.isEmpty() ? 0 : 1) + line.length() + more.length() > max) {
                break;
            }
            out.append(out.isEmpty() ? "" : "\n").append(line);
            kept++;
        }
        String more = (out.isEmpty() ? "" : "\n") + "…and " + (lines.size() - kept) + " more";
        return out.length() + more.length() <= max ? out.append(more).toString() : out.toString();
    }

    /** "2:31", or "1:02:31" from an hour on. */
    static String clock(Long ms) {
        long s = ms == null ? 0 : ms / 1000;
        return s >= 3600 ? "%d:%02d:%02d".formatted(s / 3600, s / 60 % 60, s % 60) : "%d:%02d".formatted(s / 60, s % 60);
    }

    /** "1 h 58 min", "52 min". */
    static String duration(long ms) {
        long minutes = Math.round(ms / 60_000.0);
        return minutes >= 60 ? minutes / 60 + " h " + minutes % 60 + " min" : minutes + " min";
    }

    /** "41.2 %" */
    static String percent(double p) {
        return String.format(Locale.ROOT, "%.1f %%", p);
    }

    /** "2.49 M", "812 k", "950". */
    static String amount(long n) {
        if (n >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2f M", n / 1_000_000.0);
        }
        if (n >= 10_000) {
            return String.format(Locale.ROOT, "%.0f k", n / 1000.0);
        }
        return Long.toString(n);
    }
}
