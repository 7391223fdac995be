package treant.queues;

/** SQS did not accept a message: the interaction is answered "not accepted" and nothing is enqueued. */
public class QueueSendException extends Exception {

    public QueueSendException(String message) {
        super(message);
    }

    public QueueSendException(String message, Throwable cause) {
        super(message, cause);
    }
}
