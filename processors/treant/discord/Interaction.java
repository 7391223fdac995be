package treant.discord;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The parts of a Discord interaction Treant reads. Unknown fields are ignored: Discord adds
 * fields without notice.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Interaction(
        String id,
        @JsonProperty("application_id") String applicationId,
        int type,
        String token,
        @JsonProperty("guild_id") String guildId,
        @JsonProperty("channel_id") String channelId,
        Member member,
        User user,
        Data data) {

    public static final int PING = 1;
    public static final int APPLICATION_COMMAND = 2;
    /** The user is typing an option that has {@code autocomplete}: answered with choices, never deferred. */
    public static final int AUTOCOMPLETE = 4;

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record User(String id, String username) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Member(User user) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(String name, List<Option> options) {}

    /** A command option; a subcommand (type 1) carries its own options; in autocomplete one is {@code focused}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Option(String name, int type, Object value, List<Option> options, Boolean focused) {

        public Option(String name, int type, Object value, List<Option> options) {
            this(name, type, value, options, null);
        }
    }

    /** The option being typed (autocomplete), or null. */
    public Option focusedOption() {
        Option sub = subcommand();
        if (sub == null || sub.options() == null) {
            return null;
        }
        return sub.options().stream().filter(o -> o != null && Boolean.TRUE.equals(o.focused())).findFirst().orElse(null);
    }

    /** The invoking user: {@code member.user} in a guild, {@code user} in a DM. */
    public String userId() {
        if (member != null && member.user() != null) {
            return member.user().id();
        }
        return user != null ? user.id() : null;
    }

    public boolean inGuild() {
        return guildId != null && member != null;
    }

    /** The subcommand, or null for a bare {@code /treant}. */
    public Option subcommand() {
        if (data == null || data.options() == null) {
            return null;
        }
        return data.options().stream().filter(o -> o != null && o.type() == 1).findFirst().orElse(null);
    }

    /** The value of a subcommand's option, or null. */
    public static Object optionValue(Option subcommand, String name) {
        if (subcommand == null || subcommand.options() == null) {
            return null;
        }
        return subcommand.options().stream()
                .filter(o -> o != null && name.equals(o.name()))
                .map(Option::value)
                .findFirst().orElse(null);
    }
}
