package treant.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import treant.Keys;
import treant.discord.Embed;
import treant.discord.Markdown;
import treant.discord.MessageEdit;
import treant.jobs.CommandJob;

/**
 * The judge answer: the character's card (avatar, level, race, class, talent split, guild, item
 * level, the gear with links and quality) with the AI critique as fields, or "not found". Every
 * part stays inside Discord's limits (field value 1024, 25 fields, 6000 in all).
 */
public final class JudgeMessage {

    public static final int GOLD_COLOUR = 0xFFD700;
    /** The field that carries a note instead of a critique (no key, resting, failed). */
    public static final String AI_FIELD = "🔮 AI Analysis";
    /** What the critique's fields may take of the 6000 together, so the gear list keeps its room. */
    static final int CRITIQUE_MAX = 1800;
    static final Map<String, String> QUALITY_MARK = Map.of("POOR", "⬛", "COMMON", "⬜", "UNCOMMON", "🟩",
            "RARE", "🟦", "EPIC", "🟪", "LEGENDARY", "🟧", "ARTIFACT", "🟨", "HEIRLOOM", "🟨");

    private final Blizzard blizzard;
    private final String wowheadUrl;

    /** @param wowheadUrl the item database of this game version, e.g. {@code https://www.wowhead.com/tbc} */
    public JudgeMessage(Blizzard blizzard, String wowheadUrl) {
        this.blizzard = blizzard;
        this.wowheadUrl = wowheadUrl.endsWith("/") ? wowheadUrl.substring(0, wowheadUrl.length() - 1) : wowheadUrl;
    }

    /** The card and its critique ({@link Critique}, or the note saying why there is none) → the answer. */
    public MessageEdit card(@Body CharacterCard card, @Variable("critique") Object critique,
                            @ExchangeProperty(Keys.JOB) CommandJob job) {
        return embed(job.character(), blizzard.realmSlug(job), card, critique);
    }

    /** The answer when the character does not exist on that realm (Blizzard 404). */
    public MessageEdit characterNotFound(@ExchangeProperty(Keys.JOB) CommandJob job) {
        return notFound(job.character(), blizzard.realmSlug(job));
    }

    public static MessageEdit notFound(String character, String realmSlug) {
        return MessageEdit.text("🔍 No character named **" + Markdown.escape(character) + "** was found on realm **"
                + Markdown.escape(realmSlug) + "**. Check the spelling, or give the realm with `realm:`.");
    }

    /** @param analysis a {@link Critique}, or a note (String), or null */
    public MessageEdit embed(String requested, String realmSlug, CharacterCard card, Object analysis) {
        String title = cut(title(card, requested, realmSlug), Embed.TITLE_MAX);
        List<Embed.Field> fields = new ArrayList<>(cardFields(card, realmSlug));
        fields.addAll(critiqueFields(analysis));
        int used = title.length();
        for (Embed.Field f : fields) {
            used += f.name().length() + f.value().length();
        }
        int room = Math.min(Embed.DESCRIPTION_MAX, Embed.TOTAL_MAX - used);
        String avatar = card.avatar();
        Embed embed = new Embed(title, gearLines(card.equipment().items(), room), GOLD_COLOUR, fields, null, null,
                avatar == null ? null : new Embed.Image(avatar));
        return new MessageEdit("", List.of(embed), null);
    }

    /** "⚖️ Barkskin — Level 70 Night Elf Druid (41/20/0)"; without the summary "⚖️ Judgment for Barkskin (Dreamscythe)". */
    static String title(CharacterCard card, String requested, String realmSlug) {
        BlizzardProfile p = card.profile();
        List<String> who = new ArrayList<>();
        if (p != null && p.level() != null) {
            who.add("Level " + p.level());
        }
        if (p != null && p.raceName() != null) {
            who.add(p.raceName());
        }
        if (p != null && p.className() != null) {
            who.add(p.className());
        }
        String split = card.talentSplit();
        if (who.isEmpty()) {
            return "⚖️ Judgment for " + card.name(requested) + " (" + card.realm(realmSlug) + ")"
                    + (split == null ? "" : " " + split);
        }
        return "⚖️ " + card.name(requested) + " — " + String.join(" ", who) + (split == null ? "" : " (" + split + ")");
    }

    /** Guild, realm and item level, side by side. */
    static List<Embed.Field> cardFields(CharacterCard card, String realmSlug) {
        List<Embed.Field> fields = new ArrayList<>();
        BlizzardProfile p = card.profile();
        if (p == null) {
            return fields;
        }
        if (p.guildName() != null) {
            fields.add(new Embed.Field("Guild", cut("<" + Markdown.escape(p.guildName()) + ">", 100), true));
        }
        fields.add(new Embed.Field("Realm", cut(Markdown.escape(card.realm(realmSlug)), 100), true));
        if (p.averageItemLevel() != null) {
            fields.add(new Embed.Field("Item level", p.averageItemLevel() + " average"
                    + (p.equippedItemLevel() == null ? "" : " · " + p.equippedItemLevel() + " equipped"), true));
        }
        return fields;
    }

    /**
     * The critique as fields (verdict and score, strengths, problems, up to three upgrades), its
     * text stripped of links and escaped, whole bullets only, within {@link #CRITIQUE_MAX}; a note
     * is one field.
     */
    static List<Embed.Field> critiqueFields(Object analysis) {
        if (!(analysis instanceof Critique c)) {
            String note = analysis instanceof String s && !s.isBlank() ? s.strip() : WorkerTexts.AI_UNAVAILABLE;
            return List.of(new Embed.Field(AI_FIELD, cut(note, Embed.FIELD_VALUE_MAX), false));
        }
        List<Embed.Field> fields = new ArrayList<>();
        int[] left = {CRITIQUE_MAX};
        add(fields, left, "🔮 Verdict: " + c.score() + "/10", List.of(c.verdict()), "");
        add(fields, left, "🌿 Strengths", c.strengthList(), "• ");
        add(fields, left, "🪓 Problems", c.problemList(), "• ");
        List<String> upgrades = new ArrayList<>();
        for (Critique.Upgrade u : c.upgradeList()) {
            upgrades.add((u.slot() == null || u.slot().isBlank() ? "" : "**" + Markdown.plain(u.slot()) + ":** ")
                    + Markdown.plain(u.suggestion()));
        }
        add(fields, left, "⬆️ Upgrades", upgrades, "• ", true);
        return fields;
    }

    private static void add(List<Embed.Field> fields, int[] left, String name, List<String> lines, String bullet) {
        add(fields, left, name, lines.stream().map(Markdown::plain).toList(), bullet, true);
    }

    private static void add(List<Embed.Field> fields, int[] left, String name, List<String> escaped, String bullet,
                            boolean alreadyEscaped) {
        int max = Math.min(Embed.FIELD_VALUE_MAX, left[0] - name.length());
        escaped = escaped.stream().filter(line -> !line.isBlank()).toList(); // Discord refuses an empty value
        if (escaped.isEmpty() || max <= 1) {
            return;
        }
        StringBuilder value = new StringBuilder();
        for (String line : escaped) {
            String next = (value.isEmpty() ? "" : "\n") + bullet + line;
            if (value.length() + next.length() > max) {
                if (value.isEmpty()) {
                    value.append(cut(bullet + line, max)); // one long line: cut, not dropped
                }
                break;
            }
            value.append(next);
        }
        fields.add(new Embed.Field(name, value.toString(), false));
        left[0] -= name.length() + value.length();
    }

    /** One line per item, whole lines only, inside {@code room} characters ("…and N more" when cut). */
    String gearLines(List<BlizzardEquipment.EquippedItem> items, int room) {
        if (items.isEmpty()) {
            return "*No gear equipped. A sapling stands bare before the grove.*";
        }
        List<String> lines = new ArrayList<>();
        for (BlizzardEquipment.EquippedItem item : items) {
            lines.add(gearLine(item));
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String more = (out.isEmpty() ? "" : "\n") + "…and " + (lines.size() - i) + " more";
            String line = (out.isEmpty() ? "" : "\n") + lines.get(i);
            int limit = i == lines.size() - 1 ? room : room - ("\n…and " + (lines.size() - i - 1) + " more").length();
            if (out.length() + line.length() > limit) {
                out.append(more);
                break;
            }
            out.append(line);
        }
        return out.toString();
    }

    /** "🟪 **Head:** [Stormrage Cover](<…/item=16900>) · Epic · ilvl 76" (quality and level when Blizzard gives them). */
    String gearLine(BlizzardEquipment.EquippedItem item) {
        String slot = item.slot() != null && item.slot().name() != null ? item.slot().name() : "Item";
        String quality = item.quality() == null ? null : item.quality().name();
        String mark = item.quality() == null || item.quality().type() == null ? null : QUALITY_MARK.get(item.quality().type());
        return (mark == null ? "" : mark + " ") + "**" + Markdown.escape(slot) + ":** ["
                + Markdown.escape(item.name() == null ? "Unknown item" : item.name())
                + "](<" + wowheadUrl + "/item=" + (item.item() == null ? 0 : item.item().id()) + ">)"
                + (quality == null ? "" : " · " + Markdown.escape(quality))
                + (item.itemLevel() == null ? "" : " · ilvl " + item.itemLevel());
    }

    /** Cuts to {@code max} characters, marking the cut with an ellipsis. */
    static String cut(String s, int max) {
        return Embed.cut(s, max);
    }
}
