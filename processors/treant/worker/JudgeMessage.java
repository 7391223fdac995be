package treant.worker;

import treant.Keys;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import treant.discord.Embed;
import treant.discord.Markdown;
import treant.discord.MessageEdit;
import treant.jobs.CommandJob;

/** The judge answer: the gear embed with the AI critique, or "not found". */
public final class JudgeMessage {

    public static final int GOLD_COLOUR = 0xFFD700;
    public static final String AI_FIELD = "🔮 AI Analysis";
    static final String WOWHEAD_ITEM = "https://www.wowhead.com/classic/item=";

    private final Blizzard blizzard;

    public JudgeMessage(Blizzard blizzard) {
        this.blizzard = blizzard;
    }

    /** Processor: {@link Keys#EQUIPMENT} + {@link Keys#ANALYSIS} → {@link Keys#EDIT}. */
    public void buildJudgeEmbed(Exchange exchange) {
        CommandJob job = exchange.getProperty(Keys.JOB, CommandJob.class);
        BlizzardEquipment equipment = exchange.getProperty(Keys.EQUIPMENT, BlizzardEquipment.class);
        String analysis = exchange.getProperty(Keys.ANALYSIS, String.class);
        exchange.setProperty(Keys.EDIT, embed(job.character(), blizzard.realmSlug(job), equipment, analysis));
    }

    /** Processor: the character does not exist on that realm (Blizzard 404). */
    public void characterNotFound(Exchange exchange) {
        CommandJob job = exchange.getProperty(Keys.JOB, CommandJob.class);
        exchange.setProperty(Keys.EDIT, notFound(job.character(), blizzard.realmSlug(job)));
    }

    public static MessageEdit notFound(String character, String realmSlug) {
        return MessageEdit.text("🔍 No character named **" + Markdown.escape(character) + "** was found on realm **"
                + realmSlug + "**. Check the spelling, or give the realm with `realm:`.");
    }

    public static MessageEdit embed(String requested, String realmSlug, BlizzardEquipment equipment, String analysis) {
        String name = equipment.character() != null && equipment.character().name() != null
                ? equipment.character().name() : requested;
        String realm = equipment.character() != null && equipment.character().realm() != null
                && equipment.character().realm().name() != null ? equipment.character().realm().name() : realmSlug;
        String title = cut("⚖️ Judgment for " + name + " (" + realm + ")", Embed.TITLE_MAX);
        String value = analysis == null || analysis.isBlank() ? WorkerTexts.AI_UNAVAILABLE : analysis.strip();
        Embed embed = new Embed(title, gearLines(equipment.items()), GOLD_COLOUR,
                List.of(new Embed.Field(AI_FIELD, cut(value, Embed.FIELD_VALUE_MAX), false)), null, null);
        return new MessageEdit("", List.of(embed), null);
    }

    /**
     * One line per item, whole lines only, inside the description limit. The worst case
     * (title 256 + description 4096 + field 1024 + name) stays under Discord's 6000 total.
     */
    static String gearLines(List<BlizzardEquipment.EquippedItem> items) {
        if (items.isEmpty()) {
            return "*No gear equipped. A sapling stands bare before the grove.*";
        }
        List<String> lines = new ArrayList<>();
        for (BlizzardEquipment.EquippedItem item : items) {
            String slot = item.slot() != null && item.slot().name() != null ? item.slot().name() : "Item";
            lines.add("**" + Markdown.escape(slot) + ":** [" + Markdown.escape(item.name() == null ? "Unknown item" : item.name())
                    + "](<" + WOWHEAD_ITEM + (item.item() == null ? 0 : item.item().id()) + ">)");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String more = "\n…and " + (lines.size() - i) + " more";
            int room = Embed.DESCRIPTION_MAX - more.length();
            String line = (out.isEmpty() ? "" : "\n") + lines.get(i);
            if (out.length() + line.length() > (i == lines.size() - 1 ? Embed.DESCRIPTION_MAX : room)) {
                out.append(more);
                break;
            }
            out.append(line);
        }
        return out.toString();
    }

    /** Cuts to {@code max} characters, marking the cut with an ellipsis. */
    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }
}
