package treant.store;

import java.time.Duration;
import java.time.Instant;

/**
 * Which interactions a worker has taken on. SQS delivers at least once, so the same job can
 * arrive twice (even at two workers at once); the claim is a conditional write keyed by the
 * interaction id, so exactly one delivery answers it.
 *
 * <p>A claim is a lease: its holder renews it while it works ({@link #renew}), so a holder that
 * died mid-job loses it within one lease and the next delivery takes the job over, while a live
 * holder's job is never taken from it, however long it runs.
 */
public interface JobLedger {

    /**
     * Claims the interaction for {@code holder} until {@code now + lease}. Succeeds when nobody holds
     * it, or when an unfinished claim's lease has lapsed (its worker died mid-job).
     *
     * @return true when this caller now owns the job
     */
    boolean claim(String interactionId, String holder, Instant now, Duration lease);

    /**
     * Extends {@code holder}'s lease to {@code now + lease}.
     *
     * @return false when the claim is no longer this holder's (taken over, released or done)
     */
    boolean renew(String interactionId, String holder, Instant now, Duration lease);

    /** True once the job was answered ({@link #complete}); a held but unfinished claim is not done. */
    boolean isDone(String interactionId);

    /**
     * Marks the job answered, when {@code holder} still holds its claim: later deliveries of it are dropped.
     *
     * @return false when the claim is no longer this holder's (taken over after its lease lapsed,
     *         released): the job is left as it is, for its holder to complete
     */
    boolean complete(String interactionId, String holder, Instant now);

    /** Gives {@code holder}'s claim up after a failure, so that SQS's redelivery can try again. */
    void release(String interactionId, String holder);
}
