package treant.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.util.EnumSet;

import club.minnced.discord.jdave.interop.JDaveSessionFactory;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.audio.AudioModuleConfig;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.utils.MemberCachePolicy;
import net.dv8tion.jda.api.utils.cache.CacheFlag;
import org.junit.jupiter.api.Test;

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
    void refusesToStartWithoutAToken() {
        assertThatThrownBy(() -> new JdaVoiceGateway(" ")).hasMessageContaining("treant.discord.token");
    }

    private static Object field(JDABuilder builder, String name) throws Exception {
        Field f = JDABuilder.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(builder);
    }
}
