package treant.interactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import treant.RegisterCommands;
import treant.discord.Interaction;
import treant.discord.Interaction.Option;

/**
 * The limits register-commands gives Discord are exactly the ones the api enforces: the value at
 * each registered bound is accepted by DispatchCommand, one step beyond it is refused.
 */
class RegisteredLimitsMatchDispatchTest {

    static final int MAX_TEXT = 1000;
    static final int MAX_GOLD = 1_000_000;

    final DispatchCommand dispatch = new DispatchCommand(MAX_TEXT, MAX_GOLD);
    final JsonNode treant = RegisterCommands.commands(MAX_TEXT, MAX_GOLD).get(0);

    private JsonNode option(String sub, String name) {
        for (JsonNode s : treant.get("options")) {
            if (s.get("name").asText().equals(sub)) {
                for (JsonNode o : s.get("options")) {
                    if (o.get("name").asText().equals(name)) {
                        return o;
                    }
                }
            }
        }
        throw new AssertionError(sub + " " + name);
    }

    private Interaction invoke(String sub, List<Option> options) {
        return new Interaction("1300000000000000001", "1300000000000000002", Interaction.APPLICATION_COMMAND, "tok",
                "1200000000000000001", "1200000000000000002",
                new Interaction.Member(new Interaction.User("1100000000000000777", "druid")), null,
                new Interaction.Data("treant", List.of(new Option(sub, 1, null, options))));
    }

    private void accepted(String sub, String name, Object value) {
        assertThatCode(() -> dispatch.dispatch(invoke(sub, List.of(new Option(name, 3, value, null)))))
                .as("%s %s=%s", sub, name, value).doesNotThrowAnyException();
    }

    private void refused(String sub, String name, Object value) {
        assertThatThrownBy(() -> dispatch.dispatch(invoke(sub, List.of(new Option(name, 3, value, null)))))
                .as("%s %s=%s", sub, name, value).isInstanceOf(InvalidOptions.class);
    }

    @Test
    void speakText() {
        JsonNode text = option("speak", "text");
        accepted("speak", "text", "a".repeat(text.get("min_length").asInt()));
        accepted("speak", "text", "a".repeat(text.get("max_length").asInt()));
        refused("speak", "text", "a".repeat(text.get("max_length").asInt() + 1));
        refused("speak", "text", "");
    }

    @Test
    void goldAmount() {
        JsonNode amount = option("gold", "amount");
        accepted("gold", "amount", amount.get("min_value").asInt());
        accepted("gold", "amount", amount.get("max_value").asInt());
        refused("gold", "amount", amount.get("max_value").asInt() + 1);
        refused("gold", "amount", amount.get("min_value").asInt() - 1);
    }

    @Test
    void judgeCharacter() {
        JsonNode character = option("judge", "character");
        accepted("judge", "character", "B".repeat(character.get("min_length").asInt()));
        accepted("judge", "character", "B".repeat(character.get("max_length").asInt()));
        refused("judge", "character", "B".repeat(character.get("max_length").asInt() + 1));
        refused("judge", "character", "B".repeat(character.get("min_length").asInt() - 1));
    }

    @Test
    void judgeRealm() {
        JsonNode realm = option("judge", "realm");
        List<Option> base = List.of(new Option("character", 3, "Barkskin", null));
        for (int length : new int[] {realm.get("min_length").asInt(), realm.get("max_length").asInt()}) {
            List<Option> opts = List.of(base.getFirst(), new Option("realm", 3, "D".repeat(length), null));
            assertThatCode(() -> dispatch.dispatch(invoke("judge", opts))).as("realm of %d", length).doesNotThrowAnyException();
        }
        List<Option> tooLong = List.of(base.getFirst(), new Option("realm", 3, "D".repeat(realm.get("max_length").asInt() + 1), null));
        assertThatThrownBy(() -> dispatch.dispatch(invoke("judge", tooLong))).isInstanceOf(InvalidOptions.class);
    }

    @Test
    void recapReport() {
        JsonNode report = option("recap", "report");
        assertThat(report.get("required").asBoolean()).as("without it: the guild's latest report").isFalse();
        accepted("recap", "report", "a".repeat(report.get("min_length").asInt()));
        String link = "https://fresh.warcraftlogs.com/reports/a1B2c3D4e5F6g7H8#fight=last&type=damage-done&view=";
        String longest = link + "x".repeat(report.get("max_length").asInt() - link.length());
        accepted("recap", "report", longest);
        refused("recap", "report", "a".repeat(report.get("min_length").asInt() - 1));
        refused("recap", "report", "a".repeat(report.get("min_length").asInt() + 1));
        refused("recap", "report", longest + "x");
    }
}
