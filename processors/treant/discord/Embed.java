package treant.discord;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A Discord message embed (the parts Treant uses). Null parts are left out of the JSON; {@code url}
 * makes the title a link.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Embed(String title, String description, Integer color, List<Field> fields, Image image, Footer footer,
                    Image thumbnail, String url) {

    public Embed(String title, String description, Integer color, List<Field> fields, Image image, Footer footer,
                 Image thumbnail) {
        this(title, description, color, fields, image, footer, thumbnail, null);
    }

    /** Discord allows this many fields in one embed. */
    public static final int FIELDS_MAX = 25;

    public Embed(String title, String description, Integer color, List<Field> fields, Image image, Footer footer) {
        this(title, description, color, fields, image, footer, null);
    }

    /** Discord's limits for one embed. */
    public static final int TITLE_MAX = 256;
    public static final int DESCRIPTION_MAX = 4096;
    public static final int FIELD_NAME_MAX = 256;
    public static final int FIELD_VALUE_MAX = 1024;
    public static final int FOOTER_MAX = 2048;
    /** The sum of all titles, descriptions, field names and values and footers of a message. */
    public static final int TOTAL_MAX = 6000;

    public record Field(String name, String value, boolean inline) {}

    public record Image(String url) {}

    public record Footer(String text) {}

    /** The characters Discord counts against {@link #TOTAL_MAX}. */
    public int countedLength() {
        int n = len(title) + len(description) + (footer == null ? 0 : len(footer.text()));
        if (fields != null) {
            for (Field f : fields) {
                n += len(f.name()) + len(f.value());
            }
        }
        return n;
    }

    /** Cuts to {@code max} characters, marking the cut with an ellipsis (never between a surrogate pair). */
    public static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }

    private static int len(String s) {
        return s == null ? 0 : s.length();
    }
}
