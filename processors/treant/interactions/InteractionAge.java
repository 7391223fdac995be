package treant.interactions;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import treant.discord.DiscordClock;

/**
 * How old an interaction is, from its id: a Discord snowflake carries its creation time (ms since
 * 2015-01-01) in its top 42 bits. Discord waits {@code maxAge} (3 s) for the first answer; an
 * interaction delivered later (the gateway replays what a resumed session missed) has already
 * failed for the user, so answering it only earns a 404.
 *
 * <p>The age is measured on Discord's clock ({@link DiscordClock}), never on the local one alone: a
 * clock seconds fast would otherwise make every interaction look too old. Before Discord has answered
 * once, nothing is too old.
 */
public final class InteractionAge {

    /** Discord's epoch, 2015-01-01T00:00:00Z. */
    static final long DISCORD_EPOCH_MS = 1_420_070_400_000L;

    private final Duration maxAge;
    private final DiscordClock discord;

    public InteractionAge(Duration maxAge, DiscordClock discord) {
        this.maxAge = maxAge;
        this.discord = discord;
    }

    public InteractionAge(long maxAgeMs, DiscordClock discord) {
        this(Duration.ofMillis(maxAgeMs), discord);
    }

    public static Instant createdAt(String snowflake) {
        return Instant.ofEpochMilli((Long.parseUnsignedLong(snowflake) >>> 22) + DISCORD_EPOCH_MS);
    }

    /**
     * True when Discord's clock says the interaction is older than the answer window (or its id is no
     * snowflake: nothing to answer); false while Discord's clock is unknown.
     */
    public boolean isStale(String id) {
        Instant created;
        try {
            created = createdAt(id);
        } catch (NumberFormatException | NullPointerException notASnowflake) {
            return true;
        }
        Optional<Instant> now = discord.now();
        return now.isPresent() && Duration.between(created, now.get()).compareTo(maxAge) > 0;
    }
}
