package treant.voice;

/** Audio could not be played (no connection, timed out); retried by the voice route, then dead-lettered. */
public class VoicePlaybackException extends RuntimeException {

    public VoicePlaybackException(String message) {
        super(message);
    }

    public VoicePlaybackException(String message, Throwable cause) {
        super(message, cause);
    }
}
