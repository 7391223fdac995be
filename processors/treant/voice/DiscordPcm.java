package treant.voice;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns 16 kHz mono signed 16-bit little-endian PCM (what Polly's {@code pcm} format and our espeak engine
 * give) into what JDA's {@code AudioSendHandler} wants: 48 kHz stereo signed 16-bit big-endian, cut into
 * 20 ms frames of exactly {@value #FRAME_BYTES} bytes, the last one padded with silence.
 */
public final class DiscordPcm {

    public static final int SOURCE_RATE = 16_000;
    public static final int TARGET_RATE = 48_000;
    /** 48 000 Hz × 0.020 s samples per channel in one frame. */
    public static final int FRAME_SAMPLES = TARGET_RATE / 50;
    /** 960 samples × 2 channels × 2 bytes. */
    public static final int FRAME_BYTES = FRAME_SAMPLES * 2 * 2;
    /** 16 kHz input samples that make one 20 ms frame. */
    public static final int SOURCE_SAMPLES_PER_FRAME = SOURCE_RATE / 50;
    private static final int FACTOR = TARGET_RATE / SOURCE_RATE;

    private DiscordPcm() {
    }

    /** Frames for the given PCM; an odd trailing byte (half a sample) is ignored. Empty input → no frames. */
    public static List<byte[]> framesFrom16kMonoLe(byte[] pcm) {
        int samples = pcm.length / 2;
        int frameCount = (samples + SOURCE_SAMPLES_PER_FRAME - 1) / SOURCE_SAMPLES_PER_FRAME;
        List<byte[]> frames = new ArrayList<>(frameCount);
        for (int f = 0; f < frameCount; f++) {
            byte[] frame = new byte[FRAME_BYTES]; // zero = silence for the padded tail
            int first = f * SOURCE_SAMPLES_PER_FRAME;
            int last = Math.min(first + SOURCE_SAMPLES_PER_FRAME, samples);
            int out = 0;
            for (int i = first; i < last; i++) {
                int current = sampleLe(pcm, i);
                // linear interpolation towards the next sample; the very last sample is held
                int next = i + 1 < samples ? sampleLe(pcm, i + 1) : current;
                for (int k = 0; k < FACTOR; k++) {
                    int value = current + (next - current) * k / FACTOR;
                    out = putStereoBe(frame, out, value);
                }
            }
            frames.add(frame);
        }
        return frames;
    }

    private static int sampleLe(byte[] pcm, int index) {
        return (short) ((pcm[2 * index] & 0xff) | (pcm[2 * index + 1] << 8));
    }

    private static int putStereoBe(byte[] frame, int offset, int value) {
        byte hi = (byte) (value >> 8);
        byte lo = (byte) value;
        frame[offset] = hi;
        frame[offset + 1] = lo;
        frame[offset + 2] = hi;
        frame[offset + 3] = lo;
        return offset + 4;
    }
}
