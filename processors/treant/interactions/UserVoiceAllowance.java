package treant.interactions;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import treant.Keys;
import treant.discord.InteractionResponse;
import treant.jobs.VoiceJob;
import treant.store.VoiceAllowances;
import treant.store.VoiceAllowances.Allowance;

/**
 * Speech costs the guild everyone's ears and the voice role's time: each user has a voice allowance,
 * a burst of jobs refilled one per period ({@link VoiceAllowances}, in the store, so api instances
 * sharing a DynamoDB table share it). Body: the {@link VoiceJob} about to be enqueued. Over the
 * allowance a pun is still answered in text, with one line saying it is not spoken, and nothing is
 * enqueued (the body becomes null); {@code speak} gets an ephemeral "slow down" with the wait
 * ({@link InvalidOptions}).
 *
 * <p>The allowance is a courtesy, not a lock: a store that fails, or does not answer within
 * {@code storeWaitMs} (Discord waits 3 s for the answer), lets the job through with a WARN.
 */
public final class UserVoiceAllowance implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(UserVoiceAllowance.class);

    private final VoiceAllowances store;
    private final Allowance allowance;
    private final long storeWaitMs;
    private final Clock clock;
    /** Set when the allowance comes from the deprecated setting (said once at start-up). */
    private final String deprecatedCooldownSeconds;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

    UserVoiceAllowance(VoiceAllowances store, Allowance allowance, long storeWaitMs, Clock clock, String deprecatedCooldownSeconds) {
        this.store = store;
        this.allowance = allowance;
        this.storeWaitMs = storeWaitMs;
        this.clock = clock;
        this.deprecatedCooldownSeconds = deprecatedCooldownSeconds;
    }

    /**
     * The api's allowance (a YAML bean's factory). {@code treant.tts.user-cooldown-seconds}, the
     * setting this replaces (one voice job per user per N s), still works when it is set: it means a
     * burst of 1 refilled every N s (0 = off). Unset, it comes here as -1.
     */
    public static UserVoiceAllowance of(VoiceAllowances store, int burst, long refillSeconds, long cooldownSeconds,
                                        long storeWaitMs, Clock clock) {
        if (cooldownSeconds >= 0) {
            return new UserVoiceAllowance(store, new Allowance(cooldownSeconds > 0 ? 1 : 0, Duration.ofSeconds(cooldownSeconds)),
                    storeWaitMs, clock, Long.toString(cooldownSeconds));
        }
        return new UserVoiceAllowance(store, new Allowance(burst, Duration.ofSeconds(refillSeconds)), storeWaitMs, clock, null);
    }

    /** Once, at start-up: the deprecated setting, if it is what decides. */
    public void logSetup() {
        if (deprecatedCooldownSeconds != null) {
            LOG.warn("treant.tts.user-cooldown-seconds (TREANT_TTS_USER_COOLDOWN_SECONDS) is deprecated: read as "
                    + "treant.voice.user-burst = {} and treant.voice.user-refill-seconds = {}; set those instead",
                    allowance.burst(), deprecatedCooldownSeconds);
        }
    }

    @Override
    public void process(Exchange exchange) {
        VoiceJob job = exchange.getMessage().getBody(VoiceJob.class);
        if (allowance.isOff() || job == null || job.userId() == null) {
            return;
        }
        long waitMs = take(job);
        if (waitMs == 0) {
            return;
        }
        long seconds = (waitMs + 999) / 1000;
        if (!"pun".equals(exchange.getProperty(Keys.COMMAND))) {
            throw new InvalidOptions("🐢 Slow down: I can speak for you again in " + seconds + " s.");
        }
        // the pun is still answered, only not spoken
        InteractionResponse reply = exchange.getProperty(Keys.REPLY, InteractionResponse.class);
        exchange.setProperty(Keys.REPLY, InteractionResponse.message(reply.data().content()
                + "\n-# 🔇 Not spoken: you have used your voice for now (again in " + seconds + " s)."));
        exchange.getMessage().setBody(null);
    }

    private long take(VoiceJob job) {
        try {
            return CompletableFuture.supplyAsync(() -> store.takeVoiceJob(job.userId(), clock.instant(), allowance), calls)
                    .get(storeWaitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            LOG.warn("voice allowance of user {} not checked, the job goes through: {}", job.userId(),
                    e instanceof java.util.concurrent.TimeoutException ? "the store did not answer within " + storeWaitMs + " ms"
                            : String.valueOf(e.getCause() == null ? e : e.getCause()));
            return 0;
        }
    }
}
