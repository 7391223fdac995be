package treant.store;

/** The store could not be read or written; the job fails and SQS redelivers it. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
