package treant.worker;

/**
 * This run no longer holds its job's claim (the lease lapsed during a stall and another delivery took
 * the job over): it must not answer. The delivery fails without an error message; SQS shows it again
 * later, when the job is done (dropped) or free again (run).
 */
public class ClaimLostException extends RuntimeException {

    public ClaimLostException(String interactionId) {
        super("job " + interactionId + ": this run no longer holds the claim; it does not answer", null, false, false);
    }
}
