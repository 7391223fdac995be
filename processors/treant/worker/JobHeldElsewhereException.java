package treant.worker;

/**
 * The job's claim is held under a live lease and not completed: another worker is answering it,
 * or one died mid-job less than a lease ago. The error handler asks again for a little longer than
 * a lease (a dead worker's lease lapses meanwhile); if the claim is still held, the delivery fails
 * on purpose, without touching the claim or the user's message, so SQS shows it again later.
 * Deleting it instead would lose the answer.
 */
public class JobHeldElsewhereException extends RuntimeException {

    public JobHeldElsewhereException(String interactionId) {
        super("job " + interactionId + " is claimed by an unfinished run; left for SQS redelivery", null, false, false);
    }
}
