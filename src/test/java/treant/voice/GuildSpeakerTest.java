package treant.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import treant.testing.Await;

class GuildSpeakerTest {

    /** Plays only when the test says so, recording the order of calls. */
    static final class ManualGateway implements VoiceGateway {
        final List<String> started = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
        final List<String> leaves = new CopyOnWriteArrayList<>();

        @Override
        public MemberVoiceState findVoiceChannel(String guildId, String userId) {
            return new MemberVoiceState.InChannel("c");
        }

        @Override
        public synchronized CompletionStage<Void> play(String guildId, String channelId, List<byte[]> frames) {
            started.add(guildId + ":" + frames.size());
            CompletableFuture<Void> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }

        @Override
        public void leave(String guildId) {
            leaves.add(guildId);
        }
    }

    private static List<byte[]> frames(int n) {
        return java.util.Collections.nCopies(n, new byte[DiscordPcm.FRAME_BYTES]);
    }

    @Test
    void oneGuildPlaysInArrivalOrderOneAtATimeOtherGuildsAtOnce() throws Exception {
        ManualGateway gateway = new ManualGateway();
        try (GuildSpeaker speaker = new GuildSpeaker(gateway, Duration.ofMinutes(5), Duration.ofSeconds(30))) {
            CompletableFuture<Void> a1 = speaker.speak("A", "c", frames(1), null);
            CompletableFuture<Void> a2 = speaker.speak("A", "c", frames(2), null);
            CompletableFuture<Void> a3 = speaker.speak("A", "c", frames(3), null);
            CompletableFuture<Void> b1 = speaker.speak("B", "c", frames(4), null);

            Await.until(Duration.ofSeconds(5), "A:1 and B:4 started", () -> gateway.started.size() == 2);
            assertThat(gateway.started).containsExactlyInAnyOrder("A:1", "B:4");
            Thread.sleep(100);
            assertThat(gateway.started).as("A:2 waits for A:1").hasSize(2);
            CompletableFuture<Void> playA1 = pendingOf(gateway, "A:1");
            playA1.complete(null);
            a1.get(5, TimeUnit.SECONDS);
            Await.until(Duration.ofSeconds(5), "A:2 started", () -> gateway.started.size() == 3);
            assertThat(gateway.started.get(2)).isEqualTo("A:2");
            pendingOf(gateway, "A:2").completeExceptionally(new IllegalStateException("connection lost"));
            assertThatThrownBy(() -> a2.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(VoicePlaybackException.class);
            Await.until(Duration.ofSeconds(5), "A:3 started", () -> gateway.started.size() == 4);
            assertThat(gateway.started.get(3)).as("a failure does not block the guild's next job").isEqualTo("A:3");
            assertThat(gateway.leaves).as("left after the failure, before A:3 started").containsExactly("A");
            pendingOf(gateway, "A:3").complete(null);
            pendingOf(gateway, "B:4").complete(null);
            a3.get(5, TimeUnit.SECONDS);
            b1.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUtteranceWhoseTurnComesAfterItsLimitIsDroppedUnplayed() throws Exception {
        ManualGateway gateway = new ManualGateway();
        try (GuildSpeaker speaker = new GuildSpeaker(gateway, Duration.ofMinutes(5), Duration.ofSeconds(30))) {
            CompletableFuture<Void> first = speaker.speak("A", "c", frames(1), null);
            // young enough when it arrives, but the guild is still speaking
            CompletableFuture<Void> late = speaker.speak("A", "c", frames(2), Instant.now().plusMillis(300));
            Await.until(Duration.ofSeconds(5), "A:1 started", () -> gateway.started.size() == 1);
            Thread.sleep(500);
            pendingOf(gateway, "A:1").complete(null);
            first.get(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> late.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(SpeechTooLateException.class);
            assertThat(gateway.started).containsExactly("A:1");
            assertThat(gateway.leaves).as("a turn skipped is no broken connection").isEmpty();

            CompletableFuture<Void> next = speaker.speak("A", "c", frames(3), Instant.now().plusSeconds(60));
            Await.until(Duration.ofSeconds(5), "the guild goes on", () -> gateway.started.size() == 2);
            assertThat(gateway.started.get(1)).isEqualTo("A:3");
            pendingOf(gateway, "A:3").complete(null);
            next.get(5, TimeUnit.SECONDS);
        }
    }

    private static CompletableFuture<Void> pendingOf(ManualGateway gateway, String started) {
        return gateway.pending.get(gateway.started.indexOf(started));
    }

    @Test
    void leavesAfterIdleTimeUnlessSomethingNewArrives() throws Exception {
        ManualGateway gateway = new ManualGateway();
        try (GuildSpeaker speaker = new GuildSpeaker(gateway, Duration.ofMillis(300), Duration.ofSeconds(30))) {
            speaker.speak("A", "c", frames(1), null);
            Await.until(Duration.ofSeconds(5), "first started", () -> gateway.pending.size() == 1);
            gateway.pending.get(0).complete(null);
            Thread.sleep(100);
            speaker.speak("A", "c", frames(1), null); // arrives before the idle time: no leave in between
            Await.until(Duration.ofSeconds(5), "second started", () -> gateway.pending.size() == 2);
            Thread.sleep(400);
            assertThat(gateway.leaves).isEmpty();
            gateway.pending.get(1).complete(null);
            Await.until(Duration.ofSeconds(5), "idle leave", () -> gateway.leaves.equals(List.of("A")));
        }
    }

    @Test
    void whatFollowsAPlaybackNeverRunsOnJdasAudioThread() throws Exception {
        ManualGateway gateway = new ManualGateway();
        try (GuildSpeaker speaker = new GuildSpeaker(gateway, Duration.ofMinutes(5), Duration.ofSeconds(30))) {
            CompletableFuture<Thread> next = speaker.speak("A", "c", frames(1), null).thenApply(v -> Thread.currentThread());
            Await.until(Duration.ofSeconds(5), "started", () -> gateway.pending.size() == 1);
            // JDA completes playback from its audio send thread when it takes the last frame
            Thread audio = Thread.ofPlatform().name("jda-audio-send").start(() -> gateway.pending.getFirst().complete(null));
            assertThat(next.get(5, TimeUnit.SECONDS)).isNotSameAs(audio);
        }
    }

    @Test
    void aPlaybackThatNeverEndsTimesOut() {
        ManualGateway gateway = new ManualGateway();
        try (GuildSpeaker speaker = new GuildSpeaker(gateway, Duration.ofMinutes(5), Duration.ofMillis(100))) {
            CompletableFuture<Void> played = speaker.speak("A", "c", frames(5), null); // 100 ms audio + 100 ms connect
            assertThatThrownBy(() -> played.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(VoicePlaybackException.class)
                    .hasMessageContaining("timed out");
            assertThat(gateway.leaves).containsExactly("A");
        }
    }
}
