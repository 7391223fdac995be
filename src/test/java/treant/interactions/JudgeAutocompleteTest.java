package treant.interactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import treant.discord.Interaction;
import treant.discord.InteractionResponse;
import treant.store.Directory;
import treant.store.EmbeddedStore;
import treant.testing.Fixtures;

/** Autocomplete's choices from a real (H2) store. */
class JudgeAutocompleteTest {

    EmbeddedStore store;

    @BeforeEach
    void open() throws Exception {
        store = new EmbeddedStore(Files.createTempDirectory("treant-ac").resolve("treant").toString());
    }

    @AfterEach
    void close() {
        store.close();
    }

    JudgeAutocomplete autocomplete(String guild) {
        return new JudgeAutocomplete(store, "Dreamscythe, Nightslayer,Maladath", guild, 0, 800, Clock.systemUTC());
    }

    static Interaction typing(String option, String value) {
        ObjectNode tree = Fixtures.tree("judge-autocomplete-realm");
        for (var o : tree.path("data").path("options").get(0).path("options")) {
            ObjectNode opt = (ObjectNode) o;
            opt.remove("focused");
            if (opt.path("name").asText().equals(option)) {
                opt.put("value", value).put("focused", true);
            }
        }
        return Fixtures.parse(tree);
    }

    @Test
    void prefixMatchesComeFirstThenContainsCaseIgnored() {
        store.putListing(Directory.REALMS, List.of(new Directory.Entry("Living Flame", "living-flame"),
                new Directory.Entry("Flamelash", "flamelash"), new Directory.Entry("Dreamscythe", "dreamscythe")), Instant.now());
        InteractionResponse r = autocomplete("").answer(typing("realm", "FLAME"));
        assertThat(r.type()).isEqualTo(8);
        assertThat(r.data().choices()).extracting(InteractionResponse.Choice::value).containsExactly("flamelash", "living-flame");
    }

    @Test
    void atMost25Choices() {
        List<Directory.Entry> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(new Directory.Entry("Realm" + (char) ('a' + i % 26) + i, "r" + i));
        }
        store.putListing(Directory.REALMS, many, Instant.now());
        assertThat(autocomplete("").answer(typing("realm", "")).data().choices()).hasSize(25);
    }

    @Test
    void theShippedRealmsUntilTheStoreHasAList() {
        assertThat(autocomplete("").answer(typing("realm", "")).data().choices()).extracting(InteractionResponse.Choice::value)
                .containsExactly("dreamscythe", "nightslayer", "maladath");
    }

    @Test
    void charactersOnlyWhenAGuildIsConfigured() {
        store.putListing(Directory.ROSTER, List.of(new Directory.Entry("Barkskin · 70", "Barkskin")), Instant.now());
        assertThat(autocomplete("").answer(typing("character", "ba")).data().choices()).isEmpty();
        assertThat(autocomplete("Grove Wardens").answer(typing("character", "ba")).data().choices())
                .containsExactly(new InteractionResponse.Choice("Barkskin · 70", "Barkskin"));
    }

    @Test
    void aClosedStoreStillGivesAnAnswer() {
        JudgeAutocomplete ac = autocomplete("Grove Wardens");
        store.close();
        assertThat(ac.answer(typing("realm", "dre")).data().choices()).extracting(InteractionResponse.Choice::value)
                .containsExactly("dreamscythe");
        assertThat(ac.answer(typing("character", "ba")).data().choices()).isEmpty();
    }
}
