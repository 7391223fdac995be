package treant.worker;

import treant.Keys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Gemini {@code generateContent}: the judge prompt, its request body, and reading the critique back. */
public final class Gemini {

    private static final Logger LOG = LoggerFactory.getLogger(Gemini.class);

    private final ObjectMapper mapper;

    public Gemini(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public static String prompt(BlizzardEquipment equipment, String fallbackName) {
        String name = equipment.character() != null && equipment.character().name() != null
                ? equipment.character().name() : fallbackName;
        StringBuilder p = new StringBuilder()
                .append("You are an ancient treant who is also a stern raid leader of a World of Warcraft Classic guild.\n")
                .append("Judge the gear of the character ").append(name).append(".\n")
                .append("Equipped items:\n");
        if (equipment.items().isEmpty()) {
            p.append("(nothing equipped)\n");
        }
        for (BlizzardEquipment.EquippedItem item : equipment.items()) {
            p.append("- [").append(item.slot() == null ? "?" : item.slot().name()).append("]: ")
                    .append(item.name()).append(" (").append(item.quality() == null ? "?" : item.quality().name())
                    .append(")\n");
        }
        return p.append("Give: the estimated average item level, a short analysis, and a few upgrade suggestions.\n")
                .append("Speak as the ancient treant raid leader. Keep the whole answer under 1000 characters.")
                .toString();
    }

    /** The generateContent request body (JSON) for {@link Keys#EQUIPMENT}. */
    public String request(Exchange exchange) throws Exception {
        BlizzardEquipment equipment = exchange.getProperty(Keys.EQUIPMENT, BlizzardEquipment.class);
        String character = exchange.getProperty(Keys.JOB, treant.jobs.CommandJob.class).character();
        return mapper.writeValueAsString(Map.of("contents",
                List.of(Map.of("role", "user", "parts", List.of(Map.of("text", prompt(equipment, character)))))));
    }

    /** Processor: the model's text into {@link Keys#ANALYSIS}; a blocked or empty answer → the note. */
    public void readAnalysis(Exchange exchange) throws Exception {
        exchange.setProperty(Keys.ANALYSIS, analysis(mapper.readTree(exchange.getMessage().getBody(String.class))));
    }

    static String analysis(JsonNode answer) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : answer.path("candidates").path(0).path("content").path("parts")) {
            text.append(part.path("text").asText(""));
        }
        if (text.toString().isBlank()) {
            LOG.warn("Gemini gave no text (blockReason={}, finishReason={})",
                    answer.path("promptFeedback").path("blockReason").asText("none"),
                    answer.path("candidates").path(0).path("finishReason").asText("none"));
            return WorkerTexts.AI_UNAVAILABLE;
        }
        return text.toString().strip();
    }

    /** Processor (error fallback): the gear goes out without the critique. */
    public void unavailable(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.warn("Gemini analysis unavailable, sending the gear without it: {}", cause == null ? "?" : cause.toString());
        exchange.setProperty(Keys.ANALYSIS, WorkerTexts.AI_UNAVAILABLE);
    }
}
