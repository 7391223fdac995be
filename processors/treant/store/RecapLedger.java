package treant.store;

import java.time.Duration;
import java.time.Instant;

/**
 * The automatic raid recaps: which Warcraft Logs reports were seen, since when each has stayed the
 * same (a live log grows while the raid goes on; the recap waits until it has settled), and which
 * were posted. Several workers poll the same guild, and a worker may restart at any time: posting is
 * a claim (a lease, as for jobs) decided by a conditional write, then marked done, so each report is
 * posted once.
 */
public interface RecapLedger {

    /** A report as last seen: since when its end time has been {@code endTime}, and whether its recap went out. */
    record Sighting(long endTime, Instant unchangedSince, boolean posted) {}

    /**
     * Records that report {@code code} now ends at {@code endTime} (epoch ms). The first sighting of a
     * report, or of a new end time, starts its quiet period at {@code now}; the same end time again
     * keeps the earlier start.
     */
    Sighting sight(String code, long endTime, Instant now);

    /**
     * Claims posting the report's recap for {@code holder} until {@code now + lease}: succeeds when
     * it was never claimed, was released, or its last holder's lease lapsed; never once it was posted.
     */
    boolean claimPost(String code, String holder, Instant now, Duration lease);

    /** Marks the recap posted: it is never claimed again. */
    void posted(String code, Instant now);

    /** Gives {@code holder}'s claim up after a failure, so that the next poll can try again. */
    void releasePost(String code, String holder);
}
