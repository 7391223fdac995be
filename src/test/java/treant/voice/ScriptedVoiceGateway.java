package treant.voice;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The JDA side replaced for route tests: members are placed in channels by the test, and each guild gets a real
 * {@link FrameQueueSendHandler} drained by a ticker that calls it the way JDA's audio thread does.
 */
public final class ScriptedVoiceGateway implements VoiceGateway, AutoCloseable {

    public record Play(String guildId, String channelId, int frames, long startNanos, long endNanos) {
    }

    private final Map<String, Map<String, String>> channelsByGuildAndUser = new ConcurrentHashMap<>();
    private final Map<String, FrameQueueSendHandler> handlers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService audioThreads = Executors.newScheduledThreadPool(4);
    private final long tickMicros;
    public final List<Play> plays = new CopyOnWriteArrayList<>();
    final List<String> leaves = new CopyOnWriteArrayList<>();
    public final List<Long> firstFrameNanos = new CopyOnWriteArrayList<>();
    /** (guildId, nanoTime) when an utterance's frames were handed to the send handler, JDA's next tick takes them. */
    public final Map<String, Long> handedOverNanos = new ConcurrentHashMap<>();
    final Set<String> knownGuilds = ConcurrentHashMap.newKeySet();
    /** When set, play() waits for this before handing frames over (to observe the SQS message in flight). */
    volatile CompletableFuture<Void> gate;

    public ScriptedVoiceGateway(long tickMicros) {
        this.tickMicros = tickMicros;
    }

    public ScriptedVoiceGateway member(String guildId, String userId, String channelId) {
        knownGuilds.add(guildId);
        channelsByGuildAndUser.computeIfAbsent(guildId, g -> new ConcurrentHashMap<>()).put(userId, channelId);
        return this;
    }

    ScriptedVoiceGateway guild(String guildId) {
        knownGuilds.add(guildId);
        return this;
    }

    @Override
    public MemberVoiceState findVoiceChannel(String guildId, String userId) {
        if (!knownGuilds.contains(guildId)) {
            return new MemberVoiceState.UnknownGuild();
        }
        String channel = channelsByGuildAndUser.getOrDefault(guildId, Map.of()).get(userId);
        return channel == null ? new MemberVoiceState.NotInVoice() : new MemberVoiceState.InChannel(channel);
    }

    @Override
    public CompletionStage<Void> play(String guildId, String channelId, List<byte[]> frames) {
        long start = System.nanoTime();
        FrameQueueSendHandler handler = handlers.computeIfAbsent(guildId, g -> {
            FrameQueueSendHandler h = new FrameQueueSendHandler();
            audioThreads.scheduleAtFixedRate(() -> {
                if (h.canProvide() && h.provide20MsAudio() != null) {
                    firstFrameNanos.add(System.nanoTime());
                }
            }, 0, tickMicros, TimeUnit.MICROSECONDS);
            return h;
        });
        CompletableFuture<Void> gateNow = gate == null ? CompletableFuture.completedFuture(null) : gate;
        return gateNow.thenCompose(v -> {
                    CompletableFuture<Void> done = handler.enqueue(frames);
                    handedOverNanos.putIfAbsent(guildId, System.nanoTime());
                    return done;
                })
                .thenRun(() -> plays.add(new Play(guildId, channelId, frames.size(), start, System.nanoTime())));
    }

    @Override
    public void leave(String guildId) {
        leaves.add(guildId);
        FrameQueueSendHandler handler = handlers.get(guildId);
        if (handler != null) {
            handler.clear();
        }
    }

    @Override
    public void close() {
        audioThreads.shutdownNow();
    }
}
