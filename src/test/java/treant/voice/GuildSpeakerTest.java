package treant.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

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
        public CompletionStage<Void> play(String guildId, String channelId, List<byte[]> frames) {
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
            CompletableFuture<Void> a1 = speaker.speak("A", "c", frames(1));
            CompletableFuture<Void> a2 = speaker.speak("A", "c", frames(2));
            CompletableFuture<Void> a3 = speaker.speak("A", "c", frames(3));
            CompletableFuture<Void> b1 = speaker.speak("B", "c", frames(4));

            assertThat(gateway.started).containsExactly("A:1", "B:4");
            gateway.pending.get(0).complete(null);
            assertThat(a1).isCompleted();
            assertThat(gateway.started).containsExactly("A:1", "B:4", "A:2");
            gateway.pending.get(2).completeExceptionally(new IllegalStateException("connection lost"));
            assertThat(gateway.started).as("a failure does not block the guild's next job").containsExactly("A:1", "B:4", "A:2", "A:3");
            assertThatThrownBy(a2::join).hasCauseInstanceOf(VoicePlaybackException.class);
            assertThat(gateway.leaves).as("left after the failure, before A:3 started").containsExactly("A");
            gateway.pending.get(3).complete(null);
            gateway.pending.get(1).complete(null);
            assertThat(a3).isCompleted();
            assertThat(b1).isCompleted();
        }
    }

    @Test
    void leavesAfterIdleTimeUnlessSomethingNewArrives() throws Exception {
        ManualGateway gateway = new ManualGateway();
        try (GuildSpeaker speaker = new GuildSpeaker(gateway, Duration.ofMillis(300), Duration.ofSeconds(30))) {
            speaker.speak("A", "c", frames(1));
            gateway.pending.get(0).complete(null);
            Thread.sleep(100);
            speaker.speak("A", "c", frames(1)); // arrives before the idle time: no leave in between
            Thread.sleep(400);
            assertThat(gateway.leaves).isEmpty();
            gateway.pending.get(1).complete(null);
            Await.until(Duration.ofSeconds(5), "idle leave", () -> gateway.leaves.equals(List.of("A")));
        }
    }

    @Test
    void aPlaybackThatNeverEndsTimesOut() {
        ManualGateway gateway = new ManualGateway();
        try (GuildSpeaker speaker = new GuildSpeaker(gateway, Duration.ofMinutes(5), Duration.ofMillis(100))) {
            CompletableFuture<Void> played = speaker.speak("A", "c", frames(5)); // 100 ms audio + 100 ms connect
            assertThatThrownBy(played::join).hasCauseInstanceOf(VoicePlaybackException.class).hasMessageContaining("timed out");
            assertThat(gateway.leaves).containsExactly("A");
        }
    }
}
