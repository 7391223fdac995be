package treant.discord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discord's clock as this process knows it: the {@code Date} header of Discord's REST answers against
 * the local clock when the answer arrived. A home machine's clock can be seconds off (WSL2, a VM after
 * sleep), and Discord's deadlines are Discord's: an interaction's age is measured here, not locally.
 *
 * <p>{@code Date} has whole seconds: an answer dated {@code D} was made in {@code [D, D + 1 s)}, before it
 * arrived at {@code t}, so Discord's clock is at least {@code D - t} ahead of ours. That lower bound is what
 * {@link #now()} adds: it can only make an interaction look younger than it is, never older.
 */
public final class DiscordClock {

    private static final Logger LOG = LoggerFactory.getLogger(DiscordClock.class);
    /** An offset this large is no rounding of {@code Date}: the local clock is wrong, and the log says so. */
    static final long WARN_ABOVE_MS = 2000;

    private final Clock local;
    private volatile Long offsetAtLeastMs;
    private volatile long warnedOffsetMs;

    public DiscordClock(Clock local) {
        this.local = local;
    }

    /** Reads one answer's {@code Date} header (RFC 1123), arrived just now; anything else is ignored. */
    public void observe(String dateHeader) {
        if (dateHeader == null || dateHeader.isBlank()) {
            return;
        }
        long discord;
        try {
            discord = ZonedDateTime.parse(dateHeader.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException notADate) {
            return;
        }
        long arrived = local.millis();
        offsetAtLeastMs = discord - arrived;
        long estimate = discord + 500 - arrived; // the middle of Date's second
        if (Math.abs(estimate) >= WARN_ABOVE_MS && Math.abs(estimate - warnedOffsetMs) >= 1000) {
            warnedOffsetMs = estimate;
            LOG.warn("this machine's clock is about {} s {} Discord's (Date of its answer: {}): interactions' ages are "
                    + "measured on Discord's clock; set the clock right (NTP) all the same", String.format("%.1f",
                    Math.abs(estimate) / 1000.0), estimate < 0 ? "ahead of" : "behind", dateHeader.strip());
        } else if (Math.abs(estimate) < WARN_ABOVE_MS && warnedOffsetMs != 0) {
            warnedOffsetMs = 0;
            LOG.info("this machine's clock agrees with Discord's again");
        }
    }

    /** Discord's time now, at the earliest; empty until Discord has answered once. */
    public Optional<Instant> now() {
        Long offset = offsetAtLeastMs;
        return offset == null ? Optional.empty() : Optional.of(local.instant().plus(Duration.ofMillis(offset)));
    }
}
