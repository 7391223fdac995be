package treant.voice;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Test PCM: sine tones as 16 kHz mono s16le, and frequency estimates by zero crossings. */
public final class Tones {

    private Tones() {
    }

    public static byte[] sine16kMonoLe(double hz, int samples, double amplitude) {
        ByteBuffer b = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / 16_000.0)));
        }
        return b.array();
    }

    /** Frequency of a mono signal from the number of sign changes (two per period). */
    static double zeroCrossingHz(short[] samples, int rate) {
        int crossings = 0;
        for (int i = 1; i < samples.length; i++) {
            if ((samples[i - 1] < 0) != (samples[i] < 0)) {
                crossings++;
            }
        }
        return crossings / 2.0 / ((double) samples.length / rate);
    }
}
