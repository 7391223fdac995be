package treant.voice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;

import com.sun.jna.ptr.PointerByReference;
import net.dv8tion.jda.api.audio.AudioNatives;
import org.junit.jupiter.api.Test;
import tomp2p.opuswrapper.Opus;

/** The natives voice needs to send PCM (what the session asks Discord for: treant.gateway.DiscordSessionTest). */
class JdaVoiceGatewayTest {

    @Test
    void theOpusEncoderNativesLoad() {
        // JDA encodes our PCM frames to Opus with opus-java's bundled libopus (JNA); without it JDA cannot send PCM
        assertThat(AudioNatives.ensureOpus()).as("libopus loaded").isTrue();

        // and one of our frames encodes as JDA does it: big-endian shorts, 960 stereo samples at 48 kHz
        byte[] frame = DiscordPcm.framesFrom16kMonoLe(Tones.sine16kMonoLe(440, 320, 10_000)).getFirst();
        IntBuffer error = IntBuffer.allocate(1);
        PointerByReference encoder = Opus.INSTANCE.opus_encoder_create(48_000, 2, Opus.OPUS_APPLICATION_AUDIO, error);
        assertThat(error.get(0)).isEqualTo(Opus.OPUS_OK);
        try {
            short[] samples = new short[DiscordPcm.FRAME_SAMPLES * 2];
            ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN).asShortBuffer().get(samples);
            ShortBuffer pcm = ShortBuffer.wrap(samples);
            ByteBuffer opus = ByteBuffer.allocateDirect(4096);
            int bytes = Opus.INSTANCE.opus_encode(encoder, pcm, DiscordPcm.FRAME_SAMPLES, opus, opus.capacity());
            assertThat(bytes).as("Opus packet for one 20 ms frame").isBetween(3, 1275);
        } finally {
            Opus.INSTANCE.opus_encoder_destroy(encoder);
        }
    }
}
