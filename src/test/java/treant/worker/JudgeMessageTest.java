package treant.worker;

import treant.testing.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
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

    static final ObjectMapper MAPPER = Json.newMapper();
    final JudgeMessage judge = new JudgeMessage(new Blizzard("id", "secret", "dreamscythe", MAPPER, Clock.systemUTC()),
            "https://www.wowhead.com/tbc");

    static <T> T fixture(String name, Class<T> type) throws Exception {
        return MAPPER.readValue(Fixtures.text("blizzard/" + name), type);
    }

    static CharacterCard fullCard() throws Exception {
        return new CharacterCard(fixture("equipment-classicann-barkskin.json", BlizzardEquipment.class),
                fixture("character-profile-classicann-barkskin.json", BlizzardProfile.class),
                fixture("character-media-classicann-barkskin.json", BlizzardMedia.class),
                fixture("specializations-classicann-barkskin.json", BlizzardSpecializations.class));
    }

    static Critique structured() throws Exception {
        String text = MAPPER.readTree(Fixtures.text("gemini/generate-content-structured-200.json"))
                .path("candidates").path(0).path("content").path("parts").path(0).path("text").asText();
        return MAPPER.readValue(text, Critique.class);
    }

    @Test
    void theFullCard() throws Exception {
        Embed embed = judge.embed("barkskin", "dreamscythe", fullCard(), structured()).embeds().get(0);
        assertThat(embed.title()).isEqualTo("⚖️ Barkskin — Level 70 Night Elf Druid (41/20/0)");
        assertThat(embed.thumbnail().url())
                .isEqualTo("https://render.worldofwarcraft.com/classicann-us/character/dreamscythe/64/40123456-avatar.jpg");
        assertThat(embed.color()).isEqualTo(0xFFD700);
        assertThat(embed.description().split("\n")).hasSize(17)
                .contains("🟪 **Head:** [Stormrage Cover](<https://www.wowhead.com/tbc/item=16900>) · Epic · ilvl 76");
        assertThat(embed.fields()).extracting(Embed.Field::name).containsExactly(
                "Guild", "Realm", "Item level", "🔮 Verdict: 3/10", "🌿 Strengths", "🪓 Problems", "⬆️ Upgrades");
        assertThat(embed.fields().get(0).value()).isEqualTo("<Grove Wardens>");
        assertThat(embed.fields().get(2).value()).isEqualTo("73 average · 72 equipped");
        assertThat(embed.fields().get(3).value()).startsWith("Hrrm. A level-70 moonkin");
        assertThat(embed.fields().get(5).value()).contains("• No enchants or gems anywhere.");
        assertThat(embed.fields().get(6).value().split("\n")).hasSize(3)
                .contains("• **Head:** Replace Stormrage Cover with Spellstrike Hood (Tailoring, bind on equip) for spell hit and damage.");
        assertThat(embed.countedLength()).isLessThanOrEqualTo(Embed.TOTAL_MAX);
    }

    @Test
    void gearOnlyWhenTheOptionalCallsGaveNothing() throws Exception {
        CharacterCard card = CharacterCard.gearOnly(fixture("equipment-classicann-barkskin.json", BlizzardEquipment.class));
        Embed embed = judge.embed("barkskin", "dreamscythe", card, "Hrrm.").embeds().get(0);
        assertThat(embed.title()).isEqualTo("⚖️ Judgment for Barkskin (Dreamscythe)");
        assertThat(embed.thumbnail()).isNull();
        assertThat(embed.fields()).containsExactly(new Embed.Field("🔮 AI Analysis", "Hrrm.", false));
    }

    @Test
    void onlyTheAvatarIsNeededForTheThumbnail() throws Exception {
        CharacterCard card = new CharacterCard(fixture("equipment-classicann-barkskin.json", BlizzardEquipment.class), null,
                fixture("character-media-classicann-avatar-only.json", BlizzardMedia.class), null);
        assertThat(judge.embed("barkskin", "dreamscythe", card, null).embeds().get(0).thumbnail().url()).endsWith("-avatar.jpg");
    }

    @Test
    void linksInTheModelsTextAreStripped() {
        Critique evil = new Critique("Visit [my shop](https://evil.example) now", 5, List.of("see https://evil.example/x"),
                List.of(), List.of(new Critique.Upgrade("Head", "buy at www.evil.example")));
        List<Embed.Field> fields = JudgeMessage.critiqueFields(evil);
        assertThat(fields).extracting(Embed.Field::value).noneMatch(v -> v.contains("evil.example"));
        assertThat(fields.get(0).value()).isEqualTo("Visit my shop now");
    }

    @Test
    void atMostThreeUpgradesAndEveryFieldWithinItsLimit() {
        String longLine = "Hrrm ".repeat(300);
        Critique verbose = new Critique(longLine, 10, List.of(longLine, longLine), List.of(longLine),
                List.of(new Critique.Upgrade("A", "a"), new Critique.Upgrade("B", "b"), new Critique.Upgrade("C", "c"),
                        new Critique.Upgrade("D", "d")));
        List<Embed.Field> fields = JudgeMessage.critiqueFields(verbose);
        assertThat(fields).allSatisfy(f -> assertThat(f.value().length()).isLessThanOrEqualTo(Embed.FIELD_VALUE_MAX));
        assertThat(fields.stream().mapToInt(f -> f.name().length() + f.value().length()).sum())
                .isLessThanOrEqualTo(JudgeMessage.CRITIQUE_MAX);
        assertThat(fields.get(0).value()).endsWith("…");
        assertThat(new Critique("v", 5, null, null, List.of(new Critique.Upgrade("A", "a"), new Critique.Upgrade("B", "b"),
                new Critique.Upgrade("C", "c"), new Critique.Upgrade("D", "d"))).upgradeList()).hasSize(3);
    }

    @Test
    void aNoteIsOneField() throws Exception {
        assertThat(JudgeMessage.critiqueFields(null)).extracting(Embed.Field::value).containsExactly(WorkerTexts.AI_UNAVAILABLE);
        assertThat(JudgeMessage.critiqueFields(WorkerTexts.AI_RESTING)).extracting(Embed.Field::value)
                .containsExactly(WorkerTexts.AI_RESTING);
    }

    @Test
    void namesCannotBreakTheMarkdownLink() {
        var item = new BlizzardEquipment.EquippedItem(new BlizzardEquipment.ItemRef(1),
                new BlizzardEquipment.Named("HEAD", "Head"), null, "Evil [Hat](http://x) *bold*");
        assertThat(judge.gearLine(item)).isEqualTo("**Head:** [Evil \\[Hat\\](http://x) \\*bold\\*](<https://www.wowhead.com/tbc/item=1>)");
    }

    @Test
    void notFoundNamesCharacterAndRealm() {
        assertThat(JudgeMessage.notFound("Nobody", "dreamscythe").content())
                .contains("**Nobody**").contains("**dreamscythe**");
    }

    /** Whatever Blizzard and the model return, the embed stays inside Discord's limits. */
    @Property(tries = 200)
    void anyCardFitsDiscordsLimits(@ForAll("equipment") List<BlizzardEquipment.EquippedItem> items,
                                   @ForAll @Size(max = 3000) String verdict,
                                   @ForAll @Size(max = 30) List<@Size(max = 1500) String> problems,
                                   @ForAll("names") String name) {
        BlizzardEquipment equipment = new BlizzardEquipment(
                new BlizzardEquipment.Character(name, new BlizzardEquipment.Realm("Dreamscythe", "dreamscythe")), items);
        BlizzardProfile profile = new BlizzardProfile(name, 70, new BlizzardProfile.Named(name), new BlizzardProfile.Named(name),
                new BlizzardProfile.Guild(name), new BlizzardEquipment.Realm(name, "dreamscythe"), 73, 72);
        Critique critique = new Critique(verdict.isBlank() ? "v" : verdict, 5, problems, problems,
                List.of(new Critique.Upgrade(name, verdict + "x")));
        MessageEdit edit = judge.embed(name, "dreamscythe", new CharacterCard(equipment, profile, null, null), critique);
        Embed embed = edit.embeds().get(0);
        assertThat(embed.title().length()).isLessThanOrEqualTo(Embed.TITLE_MAX);
        assertThat(embed.description().length()).isLessThanOrEqualTo(Embed.DESCRIPTION_MAX).isPositive();
        assertThat(embed.fields().size()).isLessThanOrEqualTo(Embed.FIELDS_MAX);
        assertThat(embed.fields()).allSatisfy(f -> {
            assertThat(f.value().length()).isLessThanOrEqualTo(Embed.FIELD_VALUE_MAX).isPositive();
            assertThat(f.name().length()).isLessThanOrEqualTo(Embed.FIELD_NAME_MAX);
        });
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
                        new BlizzardEquipment.Named("EPIC", "Epic"), n, new BlizzardEquipment.Level(n.length())));
        return item.list().ofMaxSize(60).map(ArrayList::new);
    }
}
