package treant.worker;

/**
 * Discord refused the edit with a 4xx other than 404 and 429 (a payload it will not take, a token it
 * will not accept): the same edit would be refused again, so nothing is retried and nothing more is
 * answered. The message carries Discord's status and answer (never the URL, which holds the token).
 */
public class DiscordRefusedEditException extends RuntimeException {

    /** Discord's error bodies are short; a longer one is cut here, for one readable log line. */
    static final int MAX_MESSAGE = 1000;

    public DiscordRefusedEditException(String message) {
        super(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message);
    }
}
