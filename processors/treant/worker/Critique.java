package treant.worker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The model's structured judgment, as {@link #SCHEMA} asks for it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Critique(String verdict, Integer score, List<String> strengths, List<String> problems, List<Upgrade> upgrades) {

    public static final int MAX_UPGRADES = 3;

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Upgrade(String slot, String suggestion) {}

    /** Usable: a verdict and a score 1–10 (lists may be empty). */
    public boolean isComplete() {
        return verdict != null && !verdict.isBlank() && score != null && score >= 1 && score <= 10;
    }

    public List<String> strengthList() {
        return strengths == null ? List.of() : strengths.stream().filter(s -> s != null && !s.isBlank()).toList();
    }

    public List<String> problemList() {
        return problems == null ? List.of() : problems.stream().filter(s -> s != null && !s.isBlank()).toList();
    }

    /** At most three, whatever the model sent. */
    public List<Upgrade> upgradeList() {
        return upgrades == null ? List.of() : upgrades.stream()
                .filter(u -> u != null && u.suggestion() != null && !u.suggestion().isBlank()).limit(MAX_UPGRADES).toList();
    }

    /** Gemini's {@code responseJsonSchema} (standard JSON Schema). */
    public static final Map<String, Object> SCHEMA = schema();

    private static Map<String, Object> schema() {
        Map<String, Object> text = Map.of("type", "string");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("verdict", Map.of("type", "string",
                "description", "One-line verdict on the character, in the voice of an old treant."));
        props.put("score", Map.of("type", "integer", "minimum", 1, "maximum", 10,
                "description", "Gear score for the character level and talent split, 1 (worst) to 10 (best)."));
        props.put("strengths", Map.of("type", "array", "items", text, "description", "What is good about the gear."));
        props.put("problems", Map.of("type", "array", "items", text,
                "description", "Missing enchants or gems, stats that do not fit the spec, outdated items."));
        Map<String, Object> upgradeProps = new LinkedHashMap<>();
        upgradeProps.put("slot", Map.of("type", "string", "description", "Equipment slot, e.g. Head or Trinket."));
        upgradeProps.put("suggestion", Map.of("type", "string", "description", "A concrete item or action for that slot."));
        Map<String, Object> upgrade = new LinkedHashMap<>();
        upgrade.put("type", "object");
        upgrade.put("properties", upgradeProps);
        upgrade.put("required", List.of("slot", "suggestion"));
        upgrade.put("additionalProperties", false);
        props.put("upgrades", Map.of("type", "array", "maxItems", MAX_UPGRADES, "items", upgrade));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("type", "object");
        root.put("properties", props);
        root.put("required", List.of("verdict", "score", "strengths", "problems", "upgrades"));
        root.put("additionalProperties", false);
        return java.util.Collections.unmodifiableMap(root);
    }
}
