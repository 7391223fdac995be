package treant.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import java.util.EnumSet;

import club.minnced.discord.jdave.interop.JDaveSessionFactory;
import com.sun.jna.ptr.PointerByReference;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.audio.AudioModuleConfig;
import net.dv8tion.jda.api.audio.AudioNatives;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.utils.MemberCachePolicy;
import net.dv8tion.jda.api.utils.cache.CacheFlag;
import org.junit.jupiter.api.Test;
import tomp2p.opuswrapper.Opus;

/** What the voice role asks Discord for (README: intents, caches, DAVE), checked without connecting. */
class JdaVoiceGatewayTest {

    @Test
    void asksOnlyForVoiceStatesAndUsesDave() throws Exception {
        JDABuilder builder = JdaVoiceGateway.builder("token");

        assertThat(GatewayIntent.getIntents((int) field(builder, "intents")))
                .containsExactly(GatewayIntent.GUILD_VOICE_STATES);
        @SuppressWarnings("unchecked")
        EnumSet<CacheFlag> caches = (EnumSet<CacheFlag>) field(builder, "cacheFlags");
        assertThat(caches).containsExactly(CacheFlag.VOICE_STATE);
        assertThat(field(builder, "memberCachePolicy")).isSameAs(MemberCachePolicy.VOICE);
        assertThat(((AudioModuleConfig) field(builder, "audioModuleConfig")).getDaveSessionFactory())
                .isInstanceOf(JDaveSessionFactory.class);
    }

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

    @Test
    void refusesToStartWithoutAToken() {
        assertThatThrownBy(() -> new JdaVoiceGateway(" ")).hasMessageContaining("treant.discord.token");
    }

    private static Object field(JDABuilder builder, String name) throws Exception {
        Field f = JDABuilder.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(builder);
    }
}
