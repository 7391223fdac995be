package treant.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.util.EnumSet;

import club.minnced.discord.jdave.interop.JDaveSessionFactory;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.audio.AudioModuleConfig;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.MemberCachePolicy;
import net.dv8tion.jda.api.utils.cache.CacheFlag;
import org.junit.jupiter.api.Test;

/** What the one session asks Discord for, per role (README: intents, caches, DAVE), checked without connecting. */
class DiscordSessionTest {

    static final String API = "https://discord.com/api/v10";
    static final String GATEWAY = "wss://gateway.discord.gg/";

    @Test
    void voiceAsksOnlyForVoiceStatesAndUsesDave() throws Exception {
        JDABuilder builder = DiscordSession.builder("token", true, false, API, GATEWAY, Compression.ZLIB);

        assertThat(GatewayIntent.getIntents((int) field(builder, "intents"))).containsExactly(GatewayIntent.GUILD_VOICE_STATES);
        @SuppressWarnings("unchecked")
        EnumSet<CacheFlag> caches = (EnumSet<CacheFlag>) field(builder, "cacheFlags");
        assertThat(caches).containsExactly(CacheFlag.VOICE_STATE);
        assertThat(field(builder, "memberCachePolicy")).isSameAs(MemberCachePolicy.VOICE);
        assertThat(((AudioModuleConfig) field(builder, "audioModuleConfig")).getDaveSessionFactory())
                .isInstanceOf(JDaveSessionFactory.class);
        assertThat(raw(builder)).as("no raw events without gateway interactions").isFalse();
    }

    @Test
    void interactionsAloneNeedNoIntentAndNoCacheOnlyRawEvents() throws Exception {
        JDABuilder builder = DiscordSession.builder("token", false, true, API, GATEWAY, Compression.NONE);

        assertThat(GatewayIntent.getIntents((int) field(builder, "intents"))).isEmpty();
        @SuppressWarnings("unchecked")
        EnumSet<CacheFlag> caches = (EnumSet<CacheFlag>) field(builder, "cacheFlags");
        assertThat(caches).isEmpty();
        assertThat(raw(builder)).isTrue();
        assertThat(field(builder, "compression")).isEqualTo(Compression.NONE);
        assertThat(((RestConfig) field(builder, "restConfig")).getBaseUrl()).isEqualTo(API + "/");
        assertThat(((net.dv8tion.jda.api.utils.SessionController) field(builder, "controller")).getGateway()).isEqualTo(GATEWAY);
    }

    @Test
    void theRolesAndTheModeDecideWhatTheSessionCarries() throws Exception {
        assertThat(features(DiscordSession.of("t", "api,worker,voice", "gateway", API, GATEWAY, "zlib"))).isEqualTo("voice+interactions");
        assertThat(features(DiscordSession.of("t", "api, worker", "gateway", API, GATEWAY, "none"))).isEqualTo("interactions");
        assertThat(features(DiscordSession.of("t", "api,voice", "http", API, GATEWAY, "zlib"))).isEqualTo("voice");
        assertThat(features(DiscordSession.of("t", "voice", "gateway", API, GATEWAY, "zlib"))).as("gateway interactions are the api's").isEqualTo("voice");
    }

    @Test
    void refusesToStartWithoutAToken() {
        assertThatThrownBy(() -> DiscordSession.of(" ", "voice", "http", API, GATEWAY, "zlib")).hasMessageContaining("treant.discord.token");
    }

    @Test
    void aSessionWithoutInteractionsTakesNoInteractionListener() {
        DiscordSession voiceOnly = DiscordSession.of("t", "voice", "http", API, GATEWAY, "zlib");
        assertThatThrownBy(() -> voiceOnly.onInteraction(p -> { })).hasMessageContaining("treant.discord.interactions=gateway");
    }

    private static String features(DiscordSession session) throws Exception {
        boolean voice = (boolean) sessionField(session, "voice");
        boolean interactions = (boolean) sessionField(session, "interactions");
        return voice && interactions ? "voice+interactions" : voice ? "voice" : interactions ? "interactions" : "none";
    }

    private static boolean raw(JDABuilder builder) throws Exception {
        // JDABuilder keeps raw events as a ConfigFlag in its flags set
        Field flags = JDABuilder.class.getDeclaredField("flags");
        flags.setAccessible(true);
        return flags.get(builder).toString().contains("RAW_EVENTS");
    }

    private static Object field(JDABuilder builder, String name) throws Exception {
        Field f = JDABuilder.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(builder);
    }

    private static Object sessionField(DiscordSession session, String name) throws Exception {
        Field f = DiscordSession.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(session);
    }
}
