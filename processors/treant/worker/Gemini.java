package treant.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import treant.jobs.CommandJob;

/**
 * Gemini {@code generateContent}: the judge prompt and its request body (structured output: a JSON
 * schema, the thinking level, no sampling parameters), reading the critique back, and what a
 * failure means for the card (the note the user reads, the line the owner reads in the log).
 */
public final class Gemini {

    private static final Logger LOG = LoggerFactory.getLogger(Gemini.class);
    /** Gemini's per-day quotas reset at midnight Pacific time. */
    static final ZoneId QUOTA_DAY = ZoneId.of("America/Los_Angeles");

    static final String SYSTEM = "You are Treant, an ancient and slightly grumpy tree spirit who judges World of Warcraft "
            + "characters. Be witty but accurate for the game version you are given. Answer only with JSON that matches "
            + "the response schema; suggest at most three upgrades. Never include links or URLs.";

    private final ObjectMapper mapper;
    private final String apiKey;
    private final String model;
    private final String thinkingLevel;
    private final int maxOutputTokens;
    private final String game;
    private final int levelCap;
    private final Clock clock;
    /** The realm of a job that names none (treant.blizzard.realm): the prompt's fallback for the card's. */
    private final String defaultRealm;
    /** Set when a per-day quota ran out: no call until then. */
    private volatile Instant restingUntil = Instant.MIN;

    public Gemini(ObjectMapper mapper, String apiKey, String model, String thinkingLevel, int maxOutputTokens,
                  String game, int levelCap, Clock clock, String defaultRealm) {
        this.mapper = mapper;
        this.apiKey = apiKey == null ? "" : apiKey.trim();
        this.model = model;
        this.thinkingLevel = thinkingLevel;
        this.maxOutputTokens = maxOutputTokens;
        this.game = game;
        this.levelCap = levelCap;
        this.clock = clock;
        this.defaultRealm = defaultRealm;
    }

    private final java.util.concurrent.atomic.AtomicBoolean keylessLogged = new java.util.concurrent.atomic.AtomicBoolean();

    /** The user's part of the prompt: game, character, talents, gear. */
    public String prompt(CharacterCard card, String requested, String realmSlug) {
        BlizzardProfile profile = card.profile();
        StringBuilder p = new StringBuilder()
                .append("Game: ").append(game).append(" (level cap ").append(levelCap).append(").\n")
                .append("Character: ").append(card.name(requested));
        if (profile != null && profile.level() != null) {
            p.append(", level ").append(profile.level());
        }
        if (profile != null && profile.raceName() != null) {
            p.append(' ').append(profile.raceName());
        }
        if (profile != null && profile.className() != null) {
            p.append(' ').append(profile.className());
        }
        p.append(" on ").append(card.realm(realmSlug));
        if (profile != null && profile.guildName() != null) {
            p.append(", guild <").append(profile.guildName()).append('>');
        }
        p.append(".\n");
        if (card.talentSplit() != null) {
            p.append("Talents: ").append(card.talentSplit()).append(" (").append(card.specializations().treeNames()).append(").");
        } else {
            p.append("Talents: unknown.");
        }
        if (profile != null && profile.equippedItemLevel() != null) {
            p.append(" Equipped item level: ").append(profile.equippedItemLevel()).append('.');
        }
        p.append("\nEquipped items (slot: name, quality, item level; no enchants or gems reported):\n");
        List<BlizzardEquipment.EquippedItem> items = card.equipment().items();
        if (items.isEmpty()) {
            p.append("(nothing equipped)\n");
        }
        for (BlizzardEquipment.EquippedItem item : items) {
            p.append("- ").append(item.slot() == null ? "?" : item.slot().name()).append(": ").append(item.name())
                    .append(", ").append(item.quality() == null ? "?" : item.quality().name());
            if (item.itemLevel() != null) {
                p.append(", ").append(item.itemLevel());
            }
            p.append('\n');
        }
        return p.append("Judge this gear for the character level and talent split.").toString();
    }

    /** The generateContent request (JSON) asking for the critique of the job's character. */
    public String request(CharacterCard card, CommandJob job) throws Exception {
        return mapper.writeValueAsString(body(prompt(card, job.character(), Blizzard.realmSlug(job, defaultRealm))));
    }

    Map<String, Object> body(String prompt) {
        return generateContentBody(SYSTEM, prompt, Critique.SCHEMA);
    }

    /**
     * A generateContent request for structured output (the raid recap's summary uses it too): the
     * answer is JSON of {@code schema}, within the configured output tokens and thinking level.
     */
    public Map<String, Object> generateContentBody(String system, String prompt, Map<String, Object> schema) {
        Map<String, Object> generation = new LinkedHashMap<>();
        generation.put("responseMimeType", "application/json");
        generation.put("responseJsonSchema", schema);
        generation.put("maxOutputTokens", maxOutputTokens);
        generation.put("thinkingConfig", Map.of("thinkingLevel", thinkingLevel));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("systemInstruction", Map.of("parts", List.of(Map.of("text", system))));
        body.put("contents", List.of(Map.of("role", "user", "parts", List.of(Map.of("text", prompt)))));
        body.put("generationConfig", generation);
        return body;
    }

    /** The answer's text (thoughts left out), or null when it was blocked, cut off or empty (logged). */
    public static String answerText(JsonNode answer) {
        JsonNode candidate = answer.path("candidates").path(0);
        StringBuilder text = new StringBuilder();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (!part.path("thought").asBoolean(false)) {
                text.append(part.path("text").asText(""));
            }
        }
        String finish = candidate.path("finishReason").asText("none");
        if (text.toString().isBlank() || !"STOP".equals(finish)) {
            LOG.warn("Gemini gave no usable answer (blockReason={}, finishReason={})",
                    answer.path("promptFeedback").path("blockReason").asText("none"), finish);
            return null;
        }
        return text.toString();
    }

    /**
     * The note that stands instead of the critique when no call is to be made (no key, or the day's
     * quota is spent), else null: call.
     */
    public String noteInsteadOfCall() {
        if (apiKey.isEmpty()) {
            if (keylessLogged.compareAndSet(false, true)) {
                LOG.warn("treant.gemini.api-key (TREANT_GEMINI_API_KEY) is empty: judge answers go out without the AI critique");
            }
            return WorkerTexts.AI_NOT_CONFIGURED;
        }
        return clock.instant().isBefore(restingUntil) ? WorkerTexts.AI_RESTING : null;
    }

    /** The answer → a {@link Critique}, or the note when it is not one. */
    public Object readAnalysis(String answer) throws Exception {
        return analysis(mapper.readTree(answer));
    }

    /** A complete {@link Critique}, or {@link WorkerTexts#AI_UNAVAILABLE} (blocked, cut off, not the schema). */
    Object analysis(JsonNode answer) {
        String text = answerText(answer);
        if (text == null) {
            return WorkerTexts.AI_UNAVAILABLE;
        }
        try {
            Critique critique = mapper.readValue(text, Critique.class);
            if (critique != null && critique.isComplete()) {
                return critique;
            }
        } catch (Exception notJson) {
            // falls through to the note
        }
        LOG.warn("Gemini's critique did not match the schema ({} characters); sending the gear without it", text.length());
        return WorkerTexts.AI_UNAVAILABLE;
    }

    /** The breaker's fallback: the note saying why there is no critique (the failure is logged). */
    public String unavailable(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        HttpOperationFailedException http = GeminiRetry.httpFailure(cause);
        if (http != null && http.getStatusCode() == 404) {
            LOG.error("Gemini does not know the model '{}' (404): set treant.gemini.model to a current model, e.g. gemini-3.8-flash",
                    model);
        } else if (http != null && http.getStatusCode() == 429 && GeminiRetry.isDailyQuota(mapper, http)) {
            restingUntil = nextQuotaDay();
            LOG.warn("Gemini's per-day quota for '{}' is spent: no critique until {}", model, restingUntil);
            return WorkerTexts.AI_RESTING;
        } else if (http != null) {
            LOG.warn("Gemini analysis unavailable (HTTP {}), sending the gear without it", http.getStatusCode());
        } else {
            LOG.warn("Gemini analysis unavailable, sending the gear without it: {}", cause == null ? "?" : cause.toString());
        }
        return WorkerTexts.AI_UNAVAILABLE;
    }

    private Instant nextQuotaDay() {
        LocalDate today = clock.instant().atZone(QUOTA_DAY).toLocalDate();
        return today.plusDays(1).atStartOfDay(QUOTA_DAY).toInstant();
    }
}
