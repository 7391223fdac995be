package treant.voice;

/**
 * A voice job's turn to play came after its age limit ({@code treant.voice.max-job-age-seconds}):
 * it waited too long for the audio budget and its guild's earlier speech. Dropped, not retried.
 */
public class SpeechTooLateException extends RuntimeException {

    public SpeechTooLateException(String message) {
        super(message, null, false, false);
    }
}
