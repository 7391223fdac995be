package treant.discord;

/** Text from users or other services inside Discord markdown: shown as typed, never as formatting. */
public final class Markdown {

    private Markdown() {}

    /** No line breaks, and nothing that closes a link, starts formatting, quotes or spoils. */
    public static String escape(String s) {
        return s.replaceAll("[\\r\\n\\u0085\\u2028\\u2029]+", " ")
                .replaceAll("([\\\\\\[\\]*_~`|>])", "\\\\$1");
    }
}
