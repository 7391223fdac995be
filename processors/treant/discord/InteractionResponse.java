package treant.discord;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The synchronous answer to an interaction (Discord "interaction response"). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InteractionResponse(int type, Data data) {

    public static final int PONG = 1;
    public static final int CHANNEL_MESSAGE = 4;
    public static final int DEFERRED_CHANNEL_MESSAGE = 5;
    public static final int AUTOCOMPLETE_RESULT = 8;
    /** Discord shows at most this many autocomplete choices. */
    public static final int MAX_CHOICES = 25;
    /** Discord refuses a message whose content is longer (the whole answer then fails for the user). */
    public static final int CONTENT_MAX = 2000;
    /** Message flag: only the invoking user sees it. */
    public static final int EPHEMERAL = 64;

    /** No mention in user-supplied text may ping anyone. */
    public record AllowedMentions(List<String> parse) {
        static final AllowedMentions NONE = new AllowedMentions(List.of());
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Data(String content, Integer flags,
                       @JsonProperty("allowed_mentions") AllowedMentions allowedMentions, List<Choice> choices) {}

    /** An autocomplete choice: what the user sees (1–100 characters) and the option's value. */
    public record Choice(String name, String value) {}

    public static InteractionResponse pong() {
        return new InteractionResponse(PONG, null);
    }

    public static InteractionResponse message(String content) {
        return new InteractionResponse(CHANNEL_MESSAGE, new Data(content, null, AllowedMentions.NONE, null));
    }

    public static InteractionResponse ephemeral(String content) {
        return new InteractionResponse(CHANNEL_MESSAGE, new Data(content, EPHEMERAL, AllowedMentions.NONE, null));
    }

    /** Autocomplete's answer (type 8): at most {@link #MAX_CHOICES}; an empty list is a valid answer. */
    public static InteractionResponse choices(List<Choice> choices) {
        return new InteractionResponse(AUTOCOMPLETE_RESULT,
                new Data(null, null, null, choices.stream().limit(MAX_CHOICES).toList()));
    }

    public static InteractionResponse deferred() {
        return new InteractionResponse(DEFERRED_CHANNEL_MESSAGE, null);
    }
}
