package treant.interactions;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import treant.jobs.VoiceJob;

/**
 * Speech costs the guild everyone's ears and the voice role's time: one user may have a voice job
 * accepted at most once per cooldown. Body: the {@link VoiceJob} about to be enqueued; a user still
 * cooling down gets an ephemeral "slow down" ({@link InvalidOptions}) and nothing is enqueued.
 * Kept in memory, per api process: behind several api instances (Lambda) each counts its own.
 */
public final class UserCooldown implements Processor {

    /** Beyond this many users remembered, those whose cooldown is over are forgotten. */
    private static final int PRUNE_ABOVE = 10_000;

    private final long cooldownMillis;
    private final Clock clock;
    private final Map<String, Long> lastAccepted = new ConcurrentHashMap<>();

    public UserCooldown(long cooldownSeconds, Clock clock) {
        this.cooldownMillis = Duration.ofSeconds(cooldownSeconds).toMillis();
        this.clock = clock;
    }

    public UserCooldown(long cooldownSeconds) {
        this(cooldownSeconds, Clock.systemUTC());
    }

    @Override
    public void process(Exchange exchange) {
        VoiceJob job = exchange.getMessage().getBody(VoiceJob.class);
        if (cooldownMillis <= 0 || job == null || job.userId() == null) {
            return;
        }
        long now = clock.millis();
        long[] waitMillis = {0};
        lastAccepted.compute(job.userId(), (user, last) -> {
            if (last != null && now - last < cooldownMillis) {
                waitMillis[0] = cooldownMillis - (now - last);
                return last;
            }
            return now;
        });
        if (waitMillis[0] > 0) {
            throw new InvalidOptions("🐢 Slow down: I can speak for you again in "
                    + (waitMillis[0] + 999) / 1000 + " s.");
        }
        if (lastAccepted.size() > PRUNE_ABOVE) {
            lastAccepted.values().removeIf(last -> now - last >= cooldownMillis);
        }
    }
}
