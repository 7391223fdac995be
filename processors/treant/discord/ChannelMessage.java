package treant.discord;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /channels/{id}/messages} (with the bot token). With {@code enforce_nonce},
 * Discord creates one message per nonce within a few minutes and answers a repeat with the message
 * it made: a post retried after a lost answer does not show twice. {@code allowed_mentions} with no
 * {@code parse} types pings nobody, whatever names the text holds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChannelMessage(String content, List<Embed> embeds, String nonce,
                             @JsonProperty("enforce_nonce") Boolean enforceNonce,
                             @JsonProperty("allowed_mentions") Map<String, List<String>> allowedMentions) {

    /** Discord's limit for a nonce. */
    public static final int NONCE_MAX = 25;

    public static ChannelMessage once(String nonce, List<Embed> embeds) {
        if (nonce.length() > NONCE_MAX) {
            throw new IllegalArgumentException("a message nonce has at most " + NONCE_MAX + " characters: " + nonce);
        }
        return new ChannelMessage("", embeds, nonce, true, Map.of("parse", List.of()));
    }
}
