package treant.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;

class DiscordPcmTest {

    @Test
    void aToneBecomesWholeFramesOf48kStereoBigEndian() {
        // 1.23 s of 440 Hz: 19 680 samples = 61.5 frames of 20 ms → 62 frames, the last one half silence
        int samples = 19_680;
        List<byte[]> frames = DiscordPcm.framesFrom16kMonoLe(Tones.sine16kMonoLe(440, samples, 12_000));

        assertThat(frames).hasSize(62);
        assertThat(frames).allSatisfy(f -> assertThat(f).hasSize(3840));

        short[] left = new short[frames.size() * 960];
        short[] right = new short[frames.size() * 960];
        for (int f = 0; f < frames.size(); f++) {
            ByteBuffer be = ByteBuffer.wrap(frames.get(f)).order(ByteOrder.BIG_ENDIAN);
            for (int s = 0; s < 960; s++) {
                left[f * 960 + s] = be.getShort();
                right[f * 960 + s] = be.getShort();
            }
        }
        assertThat(right).as("both channels carry the same signal").isEqualTo(left);

        // the tone spans exactly 3 × 19 680 output samples; the padded tail is digital silence
        short[] tone = java.util.Arrays.copyOf(left, samples * 3);
        for (int i = samples * 3; i < left.length; i++) {
            assertThat(left[i]).as("padding at %d", i).isZero();
        }
        assertThat(Tones.zeroCrossingHz(tone, 48_000)).isCloseTo(440.0, within(2.0));
        assertThat(max(tone)).isBetween((short) 11_800, (short) 12_000);
    }

    @Test
    void samplesKeepTheirValueAndByteOrder() {
        // one sample 0x1234 little-endian in → 0x12 0x34 (big-endian) for left and right
        byte[] pcm = {0x34, 0x12, 0x34, 0x12};
        byte[] frame = DiscordPcm.framesFrom16kMonoLe(pcm).getFirst();
        assertThat(java.util.Arrays.copyOf(frame, 8)).containsExactly(0x12, 0x34, 0x12, 0x34, 0x12, 0x34, 0x12, 0x34);
        // negative samples survive the sign: -2 = 0xFFFE
        byte[] negative = DiscordPcm.framesFrom16kMonoLe(new byte[] {(byte) 0xFE, (byte) 0xFF}).getFirst();
        assertThat(java.util.Arrays.copyOf(negative, 4)).containsExactly(0xFF, 0xFE, 0xFF, 0xFE);
    }

    @Test
    void frameCountIsDurationOver20Ms() {
        assertThat(DiscordPcm.framesFrom16kMonoLe(new byte[0])).isEmpty();
        assertThat(DiscordPcm.framesFrom16kMonoLe(new byte[640])).hasSize(1);   // exactly 20 ms
        assertThat(DiscordPcm.framesFrom16kMonoLe(new byte[642])).hasSize(2);   // one sample more
        assertThat(DiscordPcm.framesFrom16kMonoLe(new byte[32_000])).hasSize(50); // 1 s
        assertThat(DiscordPcm.framesFrom16kMonoLe(new byte[641])).hasSize(1);   // half a sample is ignored
    }

    @Test
    void interpolatesBetweenSamples() {
        // 0 then 300: the upsampled line is 0, 100, 200, 300, 300, 300 (last sample held)
        ByteBuffer in = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0).putShort((short) 300);
        ByteBuffer out = ByteBuffer.wrap(DiscordPcm.framesFrom16kMonoLe(in.array()).getFirst());
        short[] left = new short[6];
        for (int i = 0; i < 6; i++) {
            left[i] = out.getShort();
            out.getShort();
        }
        assertThat(left).containsExactly(0, 100, 200, 300, 300, 300);
    }

    private static short max(short[] values) {
        short m = Short.MIN_VALUE;
        for (short v : values) {
            m = (short) Math.max(m, v);
        }
        return m;
    }
}
