package treant.interactions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How old an interaction is, from its id: a Discord snowflake carries its creation time (ms since
 * 2015-01-01) in its top 42 bits. Discord waits {@code maxAge} (3 s) for the first answer; an
 * interaction delivered later (the gateway replays what a resumed session missed) has already
 * failed for the user, so answering it only earns a 404.
 */
public final class InteractionAge {

    /** Discord's epoch, 2015-01-01T00:00:00Z. */
    static final long DISCORD_EPOCH_MS = 1_420_070_400_000L;

    private final Duration maxAge;
    private final Clock clock;

    public InteractionAge(Duration maxAge, Clock clock) {
        this.maxAge = maxAge;
        this.clock = clock;
    }

    public InteractionAge(long maxAgeMs) {
        this(Duration.ofMillis(maxAgeMs), Clock.systemUTC());
    }

    public static Instant createdAt(String snowflake) {
        return Instant.ofEpochMilli((Long.parseUnsignedLong(snowflake) >>> 22) + DISCORD_EPOCH_MS);
    }

    /** True when the interaction is older than the answer window (or its id is no snowflake: nothing to answer). */
    public boolean isStale(String id) {
        try {
            return Duration.between(createdAt(id), clock.instant()).compareTo(maxAge) > 0;
        } catch (NumberFormatException | NullPointerException notASnowflake) {
            return true;
        }
    }
}
