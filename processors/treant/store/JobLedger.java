package treant.store;

import java.time.Duration;
import java.time.Instant;

/**
 * Which interactions a worker has taken on. SQS delivers at least once, so the same job can
 * arrive twice (even at two workers at once); the claim is a conditional write keyed by the
 * interaction id, so exactly one delivery answers it.
 */
public interface JobLedger {

    /**
     * Claims the interaction. Succeeds when nobody holds it, or when an earlier claim was never
     * completed and is older than {@code staleAfter} (its worker died mid-job).
     *
     * @return true when this caller now owns the job
     */
    boolean claim(String interactionId, Instant now, Duration staleAfter);

    /** True once the job was answered ({@link #complete}); a held but unfinished claim is not done. */
    boolean isDone(String interactionId);

    /** Marks the job answered: later deliveries of it are dropped. */
    void complete(String interactionId, Instant now);

    /** Gives the claim up after a failure, so that SQS's redelivery can try again. */
    void release(String interactionId);
}
