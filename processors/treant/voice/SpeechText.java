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

    /** Polly's SynthesizeSpeech takes at most 3000 characters of plain text per request. */
    public static final int POLLY_MAX_CHARACTERS = 3000;

    private SpeechText() {
    }

    /**
     * Why {@code text} cannot be spoken, or null when it can: the text the engine would get (after
     * {@link #neutralise}, which can expand it: "&" becomes " and ") must be non-empty, at most
     * {@code maxLength} characters (code points), and within Polly's own cap. The api and the voice
     * role both decide with this, on the same text.
     */
    public static String whyNotSpeakable(String text, int maxLength) {
        String spoken = neutralise(text);
        if (spoken.isEmpty()) {
            return "nothing to say";
        }
        int length = spoken.codePointCount(0, spoken.length());
        if (length > maxLength || spoken.length() > POLLY_MAX_CHARACTERS) {
            return "too long to speak: at most " + maxLength + " characters, this is " + length;
        }
        return null;
    }

    /** A text limit the engine can always take: fails at start-up, naming the setting, when it cannot. */
    public static int checkedMaxLength(int maxLength) {
        // a code point is at most two UTF-16 characters, which is what Polly counts
        if (maxLength < 1 || 2 * maxLength > POLLY_MAX_CHARACTERS) {
            throw new IllegalArgumentException("treant.tts.max-text-length must be 1.." + POLLY_MAX_CHARACTERS / 2
                    + " (Polly takes " + POLLY_MAX_CHARACTERS + " characters per request), not " + maxLength);
        }
        return maxLength;
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
