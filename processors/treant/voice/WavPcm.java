package treant.voice;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads a RIFF/WAVE PCM stream (as espeak-ng --stdout writes it) and brings it to 16 kHz mono s16le. */
public final class WavPcm {

    private WavPcm() {
    }

    public record Pcm(int sampleRate, int channels, byte[] data) {
    }

    /** Parses a 16-bit PCM WAV. espeak-ng streams with unknown sizes (0 or 0xFFFFFFFF): then the rest is data. */
    public static Pcm parse(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IllegalArgumentException("not a RIFF/WAVE stream");
        }
        int pos = 12;
        int rate = -1;
        int channels = -1;
        while (pos + 8 <= wav.length) {
            int id = b.getInt(pos);
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            int body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                int format = b.getShort(body) & 0xffff;
                channels = b.getShort(body + 2);
                rate = b.getInt(body + 4);
                int bits = b.getShort(body + 14);
                if (format != 1 || bits != 16) {
                    throw new IllegalArgumentException("only 16-bit integer PCM WAV is supported, got format " + format + "/" + bits + " bit");
                }
            } else if (id == 0x61746164) { // "data"
                if (rate < 0) {
                    throw new IllegalArgumentException("WAV data before fmt chunk");
                }
                int end = (size == 0 || size == 0xFFFFFFFFL || body + size > wav.length) ? wav.length : (int) (body + size);
                byte[] data = new byte[end - body];
                System.arraycopy(wav, body, data, 0, data.length);
                return new Pcm(rate, channels, data);
            }
            pos = body + (int) size + (int) (size & 1);
        }
        throw new IllegalArgumentException("WAV without data chunk");
    }

    /** Mono-mixes and linearly resamples s16le PCM to 16 kHz mono s16le. */
    public static byte[] to16kMono(Pcm pcm) {
        int frames = pcm.data().length / (2 * pcm.channels());
        ByteBuffer in = ByteBuffer.wrap(pcm.data()).order(ByteOrder.LITTLE_ENDIAN);
        double[] mono = new double[frames];
        for (int i = 0; i < frames; i++) {
            int sum = 0;
            for (int c = 0; c < pcm.channels(); c++) {
                sum += in.getShort((i * pcm.channels() + c) * 2);
            }
            mono[i] = (double) sum / pcm.channels();
        }
        int outSamples = (int) ((long) frames * DiscordPcm.SOURCE_RATE / pcm.sampleRate());
        ByteBuffer out = ByteBuffer.allocate(outSamples * 2).order(ByteOrder.LITTLE_ENDIAN);
        double step = (double) pcm.sampleRate() / DiscordPcm.SOURCE_RATE;
        for (int j = 0; j < outSamples; j++) {
            double x = j * step;
            int i = (int) x;
            double frac = x - i;
            double a = mono[Math.min(i, frames - 1)];
            double c = mono[Math.min(i + 1, frames - 1)];
            out.putShort((short) Math.round(a + (c - a) * frac));
        }
        return out.array();
    }
}
