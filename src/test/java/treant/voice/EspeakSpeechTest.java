package treant.voice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Runs the real espeak-ng (.ci/needs-voice.sh installs it); a machine without it fails here, loudly. */
class EspeakSpeechTest {

    @Test
    void speaksAsSixteenKilohertzMonoPcm() {
        byte[] pcm = new EspeakSpeech("espeak-ng", "en-us", Duration.ofSeconds(20))
                .synthesize("The ancient treant says hello to the raid.");

        double seconds = pcm.length / 2 / 16_000.0;
        assertThat(seconds).as("a sentence lasts seconds, not milliseconds or minutes").isBetween(1.0, 10.0);
        ByteBuffer le = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        int loud = 0;
        for (int i = 0; i < pcm.length / 2; i++) {
            if (Math.abs(le.getShort()) > 1000) {
                loud++;
            }
        }
        assertThat(loud).as("speech, not silence").isGreaterThan(pcm.length / 2 / 10);
        assertThat(DiscordPcm.framesFrom16kMonoLe(pcm)).hasSize((pcm.length / 2 + 319) / 320);
    }

    @Test
    void wavAt22kIsResampledTo16kKeepingPitch() {
        // 22 050 Hz WAV of a 300 Hz tone, as espeak-ng writes it (unknown data size)
        int n = 22_050;
        ByteBuffer wav = ByteBuffer.allocate(44 + n * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.putInt(0x46464952).putInt(0x7ffff000).putInt(0x45564157).putInt(0x20746d66).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(22_050).putInt(44_100).putShort((short) 2).putShort((short) 16)
                .putInt(0x61746164).putInt(0x7ffff000);
        for (int i = 0; i < n; i++) {
            wav.putShort((short) Math.round(8000 * Math.sin(2 * Math.PI * 300 * i / 22_050.0)));
        }
        byte[] pcm = WavPcm.to16kMono(WavPcm.parse(wav.array()));
        assertThat(pcm.length).isEqualTo(32_000);
        short[] s = new short[16_000];
        ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
        assertThat(Tones.zeroCrossingHz(s, 16_000)).isBetween(298.0, 302.0);
    }
}
