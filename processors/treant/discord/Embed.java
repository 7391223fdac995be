package treant.discord;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A Discord message embed (the parts Treant uses). Null parts are left out of the JSON. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Embed(String title, String description, Integer color, List<Field> fields, Image image, Footer footer,
                    Image thumbnail) {

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

    private static int len(String s) {
        return s == null ? 0 : s.length();
    }
}
