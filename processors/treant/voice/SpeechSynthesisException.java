package treant.voice;

/** A speech engine could not produce audio this time; the voice route retries it, then dead-letters the job. */
public class SpeechSynthesisException extends RuntimeException {

    public SpeechSynthesisException(String message) {
        super(message);
    }

    public SpeechSynthesisException(String message, Throwable cause) {
        super(message, cause);
    }
}
