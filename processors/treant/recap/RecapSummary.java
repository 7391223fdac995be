package treant.recap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import treant.worker.Gemini;
import treant.worker.WorkerTexts;

/**
 * The recap's optional AI summary: 3–5 short lines from Gemini, as structured output ({@link #SCHEMA}),
 * on the same terms as the judge's critique (no key, a spent day's quota, a failure or a slow answer:
 * the recap goes out without it). Its prompt holds only what the recap shows.
 */
public final class RecapSummary {

    private static final Logger LOG = LoggerFactory.getLogger(RecapSummary.class);

    public static final int MIN_LINES = 3;
    public static final int MAX_LINES = 5;

    static final String SYSTEM = "You are Treant, an ancient tree spirit who keeps the chronicle of a World of Warcraft raiding "
            + "guild. Summarise the raid night you are given in " + MIN_LINES + " to " + MAX_LINES + " short lines (at most "
            + "120 characters each): what fell, what held out, who shone, one dry remark. Use only the facts given. Answer only "
            + "with JSON that matches the response schema. Never include links or URLs.";

    /** Gemini's answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Summary(List<String> lines) {

        /** The non-blank lines, at most {@link #MAX_LINES}; usable when at least one is left. */
        public List<String> lineList() {
            return lines == null ? List.of() : lines.stream().filter(l -> l != null && !l.isBlank()).limit(MAX_LINES).toList();
        }
    }

    public static final Map<String, Object> SCHEMA = schema();

    private final Gemini gemini;
    private final ObjectMapper mapper;
    private final String game;

    public RecapSummary(Gemini gemini, ObjectMapper mapper, String game) {
        this.gemini = gemini;
        this.mapper = mapper;
        this.game = game;
    }

    /** The generateContent request (JSON) for the report (the connector starts the summary's clock). */
    public String request(@Body RaidReport report) throws Exception {
        RaidNight night = RaidNight.of(report);
        return mapper.writeValueAsString(gemini.generateContentBody(SYSTEM, prompt(night), SCHEMA));
    }

    /** The facts of the night, as plain lines. */
    String prompt(RaidNight night) {
        RaidReport r = night.report();
        StringBuilder p = new StringBuilder()
                .append("Game: ").append(game).append(".\n")
                .append("Report: ").append(r.title() == null ? "untitled" : r.title())
                .append(r.zoneName() == null ? "" : " in " + r.zoneName())
                .append(", ").append(RecapMessage.duration(night.lengthMs())).append(" long.\n");
        if (night.bosses().isEmpty()) {
            p.append("No boss was pulled.\n");
        }
        for (RaidNight.Boss b : night.bosses()) {
            p.append("- ").append(b.name()).append(": ")
                    .append(b.kills() > 0 ? "killed in " + RecapMessage.clock(b.killMs()) : "not killed")
                    .append(", ").append(b.wipes()).append(" wipe(s)")
                    .append(b.bestWipePercent() == null ? "" : ", best wipe at " + RecapMessage.percent(b.bestWipePercent()) + " health")
                    .append('\n');
        }
        appendRanks(p, "Top damage", night.damage());
        appendRanks(p, "Top healing", night.healing());
        if (!night.deaths().isEmpty()) {
            p.append("Deaths on kills:");
            for (RaidNight.Deaths d : night.deaths().stream().limit(10).toList()) {
                p.append(' ').append(d.name()).append(" ×").append(d.count())
                        .append(d.topKillingBlow() == null ? "" : " (" + d.topKillingBlow() + ")").append(';');
            }
            p.append('\n');
        }
        return p.toString();
    }

    private static void appendRanks(StringBuilder p, String what, List<RaidNight.Rank> ranks) {
        if (ranks.isEmpty()) {
            return;
        }
        p.append(what).append(':');
        for (RaidNight.Rank r : ranks) {
            p.append(' ').append(r.name()).append(r.playerClass() == null ? "" : " (" + r.playerClass() + ")")
                    .append(' ').append(RecapMessage.amount(r.total())).append(';');
        }
        p.append('\n');
    }

    /** The answer → a {@link Summary}, or the note (a String) when it is not one. */
    public Object readSummary(@Body String answer) throws Exception {
        String text = Gemini.answerText(mapper.readTree(answer));
        Object analysis = WorkerTexts.AI_UNAVAILABLE;
        if (text != null) {
            try {
                Summary summary = mapper.readValue(text, Summary.class);
                if (summary != null && !summary.lineList().isEmpty()) {
                    analysis = summary;
                }
            } catch (Exception notJson) {
                // falls through to the note
            }
            if (analysis == WorkerTexts.AI_UNAVAILABLE) {
                LOG.warn("Gemini's recap summary did not match the schema ({} characters); the recap goes out without it",
                        text.length());
            }
        }
        return analysis;
    }

    private static Map<String, Object> schema() {
        Map<String, Object> lines = new LinkedHashMap<>();
        lines.put("type", "array");
        lines.put("minItems", MIN_LINES);
        lines.put("maxItems", MAX_LINES);
        lines.put("items", Map.of("type", "string"));
        lines.put("description", "The summary, one short line per item.");
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("type", "object");
        root.put("properties", Map.of("lines", lines));
        root.put("required", List.of("lines"));
        root.put("additionalProperties", false);
        return java.util.Collections.unmodifiableMap(root);
    }
}
