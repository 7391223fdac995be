package treant.worker;

/**
 * The job's claim is held and not completed: another worker is answering it, or one died
 * mid-job. The delivery fails on purpose, without touching the claim or the user's message, so
 * SQS shows it again after the visibility timeout; by then it is done (and dropped) or its claim
 * has gone stale and this delivery takes over. Deleting it instead would lose the answer.
 */
public class JobHeldElsewhereException extends RuntimeException {

    public JobHeldElsewhereException(String interactionId) {
        super("job " + interactionId + " is claimed by an unfinished run; left for SQS redelivery", null, false, false);
    }
}
