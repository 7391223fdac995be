package treant.worker;

import treant.testing.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import treant.Json;
import treant.discord.Embed;
import treant.discord.MessageEdit;

class JudgeMessageTest {

    final ObjectMapper mapper = Json.newMapper();

    BlizzardEquipment fixture(String name) throws Exception {
        return mapper.readValue(Fixtures.text("blizzard/" + name), BlizzardEquipment.class);
    }

    @Test
    void embedOfTheFullyGearedDruid() throws Exception {
        MessageEdit edit = JudgeMessage.embed("barkskin", "dreamscythe", fixture("equipment-classicann-barkskin.json"), "Hrrm.");
        Embed embed = edit.embeds().get(0);
        assertThat(embed.title()).isEqualTo("⚖️ Judgment for Barkskin (Dreamscythe)");
        assertThat(embed.color()).isEqualTo(0xFFD700);
        assertThat(embed.description().split("\n")).hasSize(17)
                .contains("**Head:** [Stormrage Cover](<https://www.wowhead.com/classic/item=16900>)");
        assertThat(embed.fields()).containsExactly(new Embed.Field("🔮 AI Analysis", "Hrrm.", false));
    }

    @Test
    void theCritiqueIsCutToDiscordsFieldLimit() throws Exception {
        String longCritique = "Hrrm. ".repeat(400);
        Embed embed = JudgeMessage.embed("Twig", "dreamscythe", fixture("equipment-classicann-twig.json"), longCritique)
                .embeds().get(0);
        assertThat(embed.fields().get(0).value()).hasSize(1024).endsWith("…");
    }

    @Test
    void noAnalysisGivesTheUnavailableNote() throws Exception {
        Embed embed = JudgeMessage.embed("Twig", "dreamscythe", fixture("equipment-classicann-twig.json"), null).embeds().get(0);
        assertThat(embed.fields().get(0).value()).contains("AI analysis unavailable");
    }

    @Test
    void namesCannotBreakTheMarkdownLink() {
        var item = new BlizzardEquipment.EquippedItem(new BlizzardEquipment.ItemRef(1),
                new BlizzardEquipment.Named("HEAD", "Head"), null, "Evil [Hat](http://x) *bold*");
        String lines = JudgeMessage.gearLines(List.of(item));
        assertThat(lines).isEqualTo("**Head:** [Evil \\[Hat\\](http://x) \\*bold\\*](<https://www.wowhead.com/classic/item=1>)");
    }

    @Test
    void notFoundNamesCharacterAndRealm() {
        assertThat(JudgeMessage.notFound("Nobody", "dreamscythe").content())
                .contains("**Nobody**").contains("**dreamscythe**");
    }

    /** Whatever Blizzard returns, the embed stays inside Discord's limits. */
    @Property(tries = 200)
    void anyEquipmentFitsDiscordsLimits(@ForAll("equipment") List<BlizzardEquipment.EquippedItem> items,
                                        @ForAll @Size(max = 3000) String analysis,
                                        @ForAll("names") String name) {
        BlizzardEquipment equipment = new BlizzardEquipment(
                new BlizzardEquipment.Character(name, new BlizzardEquipment.Realm("Dreamscythe", "dreamscythe")), items);
        Embed embed = JudgeMessage.embed(name, "dreamscythe", equipment, analysis).embeds().get(0);
        assertThat(embed.title().length()).isLessThanOrEqualTo(Embed.TITLE_MAX);
        assertThat(embed.description().length()).isLessThanOrEqualTo(Embed.DESCRIPTION_MAX).isPositive();
        assertThat(embed.fields().get(0).value().length()).isLessThanOrEqualTo(Embed.FIELD_VALUE_MAX).isPositive();
        assertThat(embed.countedLength()).isLessThanOrEqualTo(Embed.TOTAL_MAX);
        if (!items.isEmpty() && !embed.description().contains("more")) {
            assertThat(embed.description().split("\n")).hasSize(items.size());
        }
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(400);
    }

    @Provide
    Arbitrary<List<BlizzardEquipment.EquippedItem>> equipment() {
        Arbitrary<BlizzardEquipment.EquippedItem> item = Arbitraries.strings().ofMaxLength(300).map(n ->
                new BlizzardEquipment.EquippedItem(new BlizzardEquipment.ItemRef(n.length() * 7919L),
                        new BlizzardEquipment.Named("SLOT", n.isEmpty() ? "Trinket" : n.substring(0, Math.min(20, n.length()))),
                        new BlizzardEquipment.Named("EPIC", "Epic"), n));
        return item.list().ofMaxSize(60).map(ArrayList::new);
    }
}
