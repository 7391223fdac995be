package treant.voice;

/** The engine made more speech than one job may hold: the same text would again, so it is not retried. */
public class SpeechTooLongException extends RuntimeException {

    public SpeechTooLongException(String message) {
        super(message, null, false, false);
    }
}
