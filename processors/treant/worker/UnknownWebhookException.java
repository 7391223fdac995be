package treant.worker;

/** Discord answered 404 Unknown Webhook: the token expired or the message is gone. Nothing to retry. */
public class UnknownWebhookException extends RuntimeException {
    public UnknownWebhookException(String message) {
        super(message);
    }
}
