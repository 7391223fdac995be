package treant.voice;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * The text we hand to a speech engine. Polly gets it as {@code TextType=text}, but the text still comes from
 * Discord users, so anything that could be read as SSML markup or an entity is neutralised, never passed on.
 */
public final class SpeechText {

    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}&&[^\\n\\t]]");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private SpeechText() {
    }

    /** Markup-free plain text: tags dropped, {@code <>&"'} replaced, control characters removed, spaces collapsed. */
    public static String neutralise(String text) {
        if (text == null) {
            return "";
        }
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
        s = TAG.matcher(s).replaceAll(" ");
        s = CONTROL.matcher(s).replaceAll("");
        s = s.replace("&", " and ").replace("<", " ").replace(">", " ").replace("\"", " ").replace("'", "’");
        return SPACES.matcher(s).replaceAll(" ").strip();
    }
}
