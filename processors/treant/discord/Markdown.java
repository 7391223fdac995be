package treant.discord;

import java.util.regex.Pattern;

/** Text from users or other services inside Discord markdown: shown as typed, never as formatting. */
public final class Markdown {

    /** {@code [label](target)}, also with an angle-bracketed target or a title. */
    private static final Pattern MARKDOWN_LINK = Pattern.compile(
            "\\[([^\\]\\n]*)\\]\\(\\s*(?:<[^>\\n]*>|[^)\\s]*)(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** Anything Discord would make clickable: a scheme URL, {@code www.…}, or a Discord invite. */
    private static final Pattern BARE_URL = Pattern.compile(
            "(?i)<?\\b(?:[a-z][a-z0-9+.-]*://|www\\.|discord(?:app)?\\.(?:gg|com/invite)/)[^\\s<>]*>?");

    private Markdown() {}

    /** No line breaks, and nothing that closes a link, starts formatting, quotes or spoils. */
    public static String escape(String s) {
        return s.replaceAll("[\\r\\n\\u0085\\u2028\\u2029]+", " ")
                .replaceAll("([\\\\\\[\\]*_~`|>])", "\\\\$1");
    }

    /**
     * {@link #escape(String)}d within {@code max} characters: escaping doubles every special character,
     * so a text that fits as typed may not. Cut at the end, between whole characters and whole
     * escapes (never leaving a lone backslash or half a surrogate pair), marked with "…".
     */
    public static String escape(String s, int max) {
        String escaped = escape(s);
        if (escaped.length() <= max) {
            return escaped;
        }
        int end = max - 1;
        int backslashes = 0;
        while (backslashes < end && escaped.charAt(end - 1 - backslashes) == '\\') {
            backslashes++;
        }
        if (backslashes % 2 == 1 || Character.isHighSurrogate(escaped.charAt(end - 1))) {
            end--; // the cut fell inside an escape or a pair
        }
        return escaped.substring(0, end) + "…";
    }

    /**
     * Model output holds no links: a markdown link keeps only its label, a bare URL becomes
     * {@code [link removed]}. A model can be talked into pointing users anywhere; Treant's own
     * links (Wowhead) are added by Treant, never taken from the text.
     */
    public static String stripLinks(String s) {
        String labels = MARKDOWN_LINK.matcher(s).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1)));
        return BARE_URL.matcher(labels).replaceAll("[link removed]");
    }

    /** Model output as plain text in an embed: links stripped, then escaped. */
    public static String plain(String s) {
        return escape(stripLinks(s));
    }
}
