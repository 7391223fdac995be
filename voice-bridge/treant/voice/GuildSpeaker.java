package treant.voice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays utterances per guild one after another (never over each other) while different guilds play
 * independently, and leaves a guild's channel after it has been idle for a while. Each guild has a chain of
 * futures: a new utterance starts when the previous one of that guild ended, whatever its outcome.
 */
public final class GuildSpeaker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GuildSpeaker.class);

    private final VoiceGateway gateway;
    private final Duration idleLeave;
    private final Duration connectTimeout;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService timer;
    /**
     * Playback completes on JDA's audio thread (the last frame taken): what follows — the guild's next
     * utterance, the route deleting the SQS message — runs here instead, so that thread never blocks.
     */
    private final ExecutorService handoff = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, GuildLine> lines = new ConcurrentHashMap<>();

    private static final class GuildLine {
        CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
        int pending;
        ScheduledFuture<?> leave;
    }

    /** From the settings, in seconds (a YAML bean's factory). */
    public static GuildSpeaker of(VoiceGateway gateway, long idleLeaveSeconds, long connectTimeoutSeconds) {
        return new GuildSpeaker(gateway, Duration.ofSeconds(idleLeaveSeconds), Duration.ofSeconds(connectTimeoutSeconds));
    }

    public GuildSpeaker(VoiceGateway gateway, Duration idleLeave, Duration connectTimeout) {
        this.gateway = gateway;
        this.idleLeave = idleLeave;
        this.connectTimeout = connectTimeout;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("treant-voice-idle").factory());
    }

    /**
     * Completes when the frames were played in the channel, after every earlier utterance of that guild;
     * fails with {@link SpeechTooLateException}, unplayed, when that turn comes after {@code playBy}
     * (null: no limit): speech long after the command only confuses.
     */
    public CompletableFuture<Void> speak(String guildId, String channelId, List<byte[]> frames, Instant playBy) {
        GuildLine line = lines.computeIfAbsent(guildId, g -> new GuildLine());
        // JDA plays in real time: allow the audio's own length plus the time to (re)connect
        long timeoutMs = frames.size() * 20L + connectTimeout.toMillis();
        CompletableFuture<Void> played;
        synchronized (line) {
            if (line.leave != null) {
                line.leave.cancel(false);
                line.leave = null;
            }
            line.pending++;
            played = line.tail
                    .handleAsync((ignored, previousFailure) -> null, handoff)
                    .thenCompose(ignored -> {
                        // checked here, just before playing: the wait for earlier speech can be long
                        if (playBy != null && clock.instant().isAfter(playBy)) {
                            return CompletableFuture.failedFuture(new SpeechTooLateException(
                                    "its turn in guild " + guildId + " came after " + playBy));
                        }
                        return gateway.play(guildId, channelId, frames).toCompletableFuture()
                                .orTimeout(timeoutMs, TimeUnit.MILLISECONDS);
                    })
                    .exceptionallyCompose(e -> {
                        if (unwrap(e) instanceof SpeechTooLateException late) {
                            return CompletableFuture.failedFuture(late);
                        }
                        // a broken connection should not linger: leave before the guild's next utterance starts
                        gateway.leave(guildId);
                        return CompletableFuture.failedFuture(asPlaybackFailure(guildId, e));
                    });
            line.tail = played;
        }
        return played.whenCompleteAsync((ok, failure) -> finished(guildId, line), handoff);
    }

    private void finished(String guildId, GuildLine line) {
        synchronized (line) {
            line.pending--;
            if (line.pending == 0) {
                line.leave = timer.schedule(() -> leaveIfStillIdle(guildId, line), idleLeave.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void leaveIfStillIdle(String guildId, GuildLine line) {
        synchronized (line) {
            if (line.pending == 0) {
                LOG.info("leaving voice in guild {} after {} s idle", guildId, idleLeave.toSeconds());
                line.leave = null;
                gateway.leave(guildId);
            }
        }
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static Throwable asPlaybackFailure(String guildId, Throwable e) {
        Throwable cause = unwrap(e);
        if (cause instanceof VoicePlaybackException) {
            return cause;
        }
        if (cause instanceof TimeoutException) {
            return new VoicePlaybackException("playback in guild " + guildId + " timed out", cause);
        }
        return new VoicePlaybackException("playback in guild " + guildId + " failed: " + cause.getMessage(), cause);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        handoff.shutdownNow();
    }
}
