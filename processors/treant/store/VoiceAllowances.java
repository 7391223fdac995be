package treant.store;

import java.time.Duration;
import java.time.Instant;

/**
 * Each user's voice allowance: a burst of {@code burst} voice jobs, refilled one per {@code refill}
 * (a token bucket, kept as one number per user: {@code usedUntil}, the time until which the user's
 * past jobs have used it, each job using one refill period). A job is allowed while
 * {@code max(usedUntil, now) + refill - now <= burst × refill}. On DynamoDB the decision is a
 * conditional write, so api instances sharing the table share each user's allowance.
 */
public interface VoiceAllowances {

    /** The rule: {@code burst} jobs at once, one more per {@code refill}; a burst of 0 or less is no limit. */
    record Allowance(int burst, Duration refill) {

        public boolean isOff() {
            return burst <= 0 || refill.isZero() || refill.isNegative();
        }

        long refillMs() {
            return refill.toMillis();
        }

        /** The latest {@code usedUntil} at which one more job is still allowed. */
        long latestUsedUntil(long now) {
            return now + (burst - 1) * refillMs();
        }

        /** How long until one more job is allowed (at least 1 ms). */
        long waitMs(long usedUntil, long now) {
            return Math.max(1, usedUntil - latestUsedUntil(now));
        }
    }

    /**
     * Takes one voice job from {@code userId}'s allowance at {@code now}.
     *
     * @return 0 when taken; otherwise the milliseconds until one is free (nothing was taken)
     */
    long takeVoiceJob(String userId, Instant now, Allowance allowance);
}
