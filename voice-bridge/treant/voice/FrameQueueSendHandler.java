package treant.voice;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import net.dv8tion.jda.api.audio.AudioSendHandler;

/**
 * JDA's audio sink for one guild. JDA's audio thread asks every 20 ms {@link #canProvide()} and then takes one
 * frame with {@link #provide20MsAudio()}; our side enqueues whole utterances from another thread. Frames are
 * raw PCM in JDA's {@link AudioSendHandler#INPUT_FORMAT} (JDA encodes them to Opus), returned as array-backed
 * buffers because JDA's encoder reads {@code array()}.
 */
public final class FrameQueueSendHandler implements AudioSendHandler {

    private record Frame(byte[] pcm, CompletableFuture<Void> lastOfUtterance) {
    }

    private final ConcurrentLinkedQueue<Frame> frames = new ConcurrentLinkedQueue<>();

    /** Queues the frames; the result completes once JDA has taken the last one. */
    public CompletableFuture<Void> enqueue(List<byte[]> pcmFrames) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (pcmFrames.isEmpty()) {
            done.complete(null);
            return done;
        }
        for (int i = 0; i < pcmFrames.size(); i++) {
            byte[] frame = pcmFrames.get(i);
            if (frame.length != DiscordPcm.FRAME_BYTES) {
                throw new IllegalArgumentException("frame " + i + " has " + frame.length + " bytes, not " + DiscordPcm.FRAME_BYTES);
            }
            frames.add(new Frame(frame, i == pcmFrames.size() - 1 ? done : null));
        }
        return done;
    }

    @Override
    public boolean canProvide() {
        return !frames.isEmpty();
    }

    @Override
    public ByteBuffer provide20MsAudio() {
        Frame frame = frames.poll();
        if (frame == null) {
            return null;
        }
        if (frame.lastOfUtterance() != null) {
            frame.lastOfUtterance().complete(null);
        }
        return ByteBuffer.wrap(frame.pcm());
    }

    @Override
    public boolean isOpus() {
        return false;
    }

    /** Drops what is queued (leaving the channel); waiting callers see a cancellation. */
    public void clear() {
        Frame frame;
        while ((frame = frames.poll()) != null) {
            if (frame.lastOfUtterance() != null) {
                frame.lastOfUtterance().completeExceptionally(new CancellationException("left the voice channel"));
            }
        }
    }

    public int queuedFrames() {
        return frames.size();
    }
}
