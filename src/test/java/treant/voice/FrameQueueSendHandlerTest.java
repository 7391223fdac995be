package treant.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The AudioSendHandler contract as JDA's audio thread uses it, with our producer on another thread. */
class FrameQueueSendHandlerTest {

    private static List<byte[]> utterance(int id, int frames) {
        List<byte[]> list = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            byte[] frame = new byte[DiscordPcm.FRAME_BYTES];
            frame[0] = (byte) id;
            frame[1] = (byte) i;
            list.add(frame);
        }
        return list;
    }

    @Test
    void idleHandlerProvidesNothing() {
        FrameQueueSendHandler handler = new FrameQueueSendHandler();
        assertThat(handler.canProvide()).isFalse();
        assertThat(handler.provide20MsAudio()).isNull();
        assertThat(handler.isOpus()).as("JDA must encode our PCM to Opus").isFalse();
        assertThat(handler.enqueue(List.of())).isCompleted();
    }

    @Test
    void framesFromAProducerThreadComeOutInOrderArrayBackedAndCompleteTheirUtterance() throws Exception {
        FrameQueueSendHandler handler = new FrameQueueSendHandler();
        List<CompletableFuture<Void>> done = new CopyOnWriteArrayList<>();
        Thread producer = Thread.ofPlatform().start(() -> {
            for (int u = 0; u < 5; u++) {
                done.add(handler.enqueue(utterance(u, 7)));
                Thread.onSpinWait();
            }
        });

        // JDA's loop: ask canProvide(), then take exactly one frame per 20 ms tick (ticks compressed here)
        List<ByteBuffer> sent = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sent.size() < 35 && System.nanoTime() < deadline) {
            if (handler.canProvide()) {
                ByteBuffer frame = handler.provide20MsAudio();
                assertThat(frame).isNotNull();
                sent.add(frame);
                int utteranceIndex = frame.array()[0];
                int frameIndex = frame.array()[1];
                if (frameIndex == 6) {
                    assertThat(done.get(utteranceIndex)).as("utterance %d done with its last frame", utteranceIndex).isCompleted();
                } else if (utteranceIndex < done.size()) {
                    assertThat(done.get(utteranceIndex)).isNotCompleted();
                }
            }
        }
        producer.join();

        assertThat(sent).hasSize(35);
        for (int i = 0; i < sent.size(); i++) {
            ByteBuffer frame = sent.get(i);
            assertThat(frame.hasArray()).isTrue();
            assertThat(frame.arrayOffset()).isZero();
            assertThat(frame.remaining()).isEqualTo(3840);
            assertThat(frame.array()[0]).as("utterance of frame %d", i).isEqualTo((byte) (i / 7));
            assertThat(frame.array()[1]).as("index of frame %d", i).isEqualTo((byte) (i % 7));
        }
        assertThat(done).allSatisfy(f -> assertThat(f).isCompleted());
        assertThat(handler.canProvide()).isFalse();
    }

    @Test
    void clearDropsQueuedFramesAndCancelsWaiters() {
        FrameQueueSendHandler handler = new FrameQueueSendHandler();
        CompletableFuture<Void> done = handler.enqueue(utterance(1, 3));
        handler.provide20MsAudio();
        handler.clear();
        assertThat(handler.canProvide()).isFalse();
        assertThat(done).isCompletedExceptionally();
        assertThatThrownBy(done::join).hasCauseInstanceOf(CancellationException.class);
    }

    @Test
    void refusesFramesOfTheWrongSize() {
        assertThatThrownBy(() -> new FrameQueueSendHandler().enqueue(List.of(new byte[3839])))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
