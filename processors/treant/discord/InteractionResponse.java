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
    /** Message flag: only the invoking user sees it. */
    public static final int EPHEMERAL = 64;

    /** No mention in user-supplied text may ping anyone. */
    public record AllowedMentions(List<String> parse) {
        static final AllowedMentions NONE = new AllowedMentions(List.of());
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Data(String content, Integer flags,
                       @JsonProperty("allowed_mentions") AllowedMentions allowedMentions) {}

    public static InteractionResponse pong() {
        return new InteractionResponse(PONG, null);
    }

    public static InteractionResponse message(String content) {
        return new InteractionResponse(CHANNEL_MESSAGE, new Data(content, null, AllowedMentions.NONE));
    }

    public static InteractionResponse ephemeral(String content) {
        return new InteractionResponse(CHANNEL_MESSAGE, new Data(content, EPHEMERAL, AllowedMentions.NONE));
    }

    public static InteractionResponse deferred() {
        return new InteractionResponse(DEFERRED_CHANNEL_MESSAGE, null);
    }
}
