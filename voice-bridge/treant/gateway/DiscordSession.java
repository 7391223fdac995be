package treant.gateway;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import club.minnced.discord.jdave.interop.JDaveSessionFactory;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.audio.AudioModuleConfig;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.RawGatewayEvent;
import net.dv8tion.jda.api.events.StatusChangeEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.ChunkingFilter;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.MemberCachePolicy;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import net.dv8tion.jda.api.utils.cache.CacheFlag;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's one Discord gateway session (JDA), shared by the voice role and the api's gateway
 * door. It asks only for what this process's roles use: voice gets the {@code GUILD_VOICE_STATES}
 * intent, the voice-state cache and DAVE; interactions over the gateway need no intent at all, only
 * JDA's raw events ({@code INTERACTION_CREATE} as Discord sent it). Reconnects and resumes are JDA's;
 * every change of the session's status is logged here.
 *
 * <p>{@link #start()} is called once Camel has fully started (treant.roles.DiscordSessionBeans), so the
 * routes that take the session's events are running when the first one comes.
 */
public final class DiscordSession implements EventListener {

    private static final Logger LOG = LoggerFactory.getLogger(DiscordSession.class);

    private final String token;
    private final boolean voice;
    private final boolean interactions;
    private final String apiUrl;
    private final String gatewayUrl;
    private final Compression compression;
    private final List<Consumer<DataObject>> interactionSinks = new CopyOnWriteArrayList<>();
    private volatile JDA jda;

    public DiscordSession(String token, boolean voice, boolean interactions, String apiUrl, String gatewayUrl,
            Compression compression) {
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("the Discord gateway session needs treant.discord.token (environment variable TREANT_DISCORD_TOKEN)");
        }
        this.token = token;
        this.voice = voice;
        this.interactions = interactions;
        this.apiUrl = apiUrl;
        this.gatewayUrl = gatewayUrl;
        this.compression = compression;
    }

    /**
     * The session this process needs (a YAML bean's factory): voice when {@code roles} has voice,
     * interactions when it has api and {@code interactionsMode} is {@code gateway}.
     */
    public static DiscordSession of(String token, String roles, String interactionsMode, String apiUrl, String gatewayUrl,
            String compression) {
        List<String> names = List.of(roles.replace(" ", "").split(","));
        return new DiscordSession(token, names.contains("voice"), names.contains("api") && "gateway".equals(interactionsMode),
                apiUrl, gatewayUrl, Compression.valueOf(compression.trim().toUpperCase(Locale.ROOT)));
    }

    /** The builder this session logs in with; public so the README's intents and caches stay checkable. */
    public static JDABuilder builder(String token, boolean voice, boolean interactions, String apiUrl, String gatewayUrl,
            Compression compression) {
        JDABuilder builder = JDABuilder.createLight(token, voice ? EnumSet.of(GatewayIntent.GUILD_VOICE_STATES) : EnumSet.noneOf(GatewayIntent.class))
                .setChunkingFilter(ChunkingFilter.NONE)
                .setRawEventsEnabled(interactions)
                .setCompression(compression)
                .setSessionController(new FixedGateway(gatewayUrl))
                .setRestConfig(new RestConfig().setBaseUrl(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/"));
        if (voice) {
            builder.enableCache(CacheFlag.VOICE_STATE)
                    .setMemberCachePolicy(MemberCachePolicy.VOICE)
                    // Discord accepts only DAVE (E2EE) voice since March 2026; jdave brings libdave through FFM
                    .setAudioModuleConfig(new AudioModuleConfig().withDaveSessionFactory(new JDaveSessionFactory()));
        }
        return builder;
    }

    /** Starts the login (JDA connects in the background; {@link #status()} says when it is CONNECTED). */
    public synchronized void start() {
        if (jda != null) {
            return;
        }
        jda = builder(token, voice, interactions, apiUrl, gatewayUrl, compression).addEventListeners(this).build();
        LOG.info("Discord gateway: logging in ({}{})", voice ? "voice" : "", interactions ? (voice ? ", interactions" : "interactions") : "");
    }

    public synchronized void stop() {
        JDA current = jda;
        if (current != null) {
            current.shutdown();
        }
    }

    /**
     * Hands every {@code INTERACTION_CREATE} payload (the interaction object) to {@code sink}, on
     * JDA's gateway thread: the sink must not block.
     */
    public void onInteraction(Consumer<DataObject> sink) {
        if (!interactions) {
            throw new IllegalStateException("this Discord session was built without interactions (treant.discord.interactions=gateway and the api role)");
        }
        interactionSinks.add(sink);
    }

    /** JDA's session, or null before {@link #start()}. */
    public JDA jda() {
        return jda;
    }

    /** JDA's gateway status (CONNECTED when ready), or NOT_STARTED. */
    public String status() {
        JDA current = jda;
        return current == null ? "NOT_STARTED" : current.getStatus().name();
    }

    @Override
    public void onEvent(GenericEvent event) {
        switch (event) {
            case RawGatewayEvent raw when "INTERACTION_CREATE".equals(raw.getType()) ->
                    interactionSinks.forEach(sink -> sink.accept(raw.getPayload()));
            case StatusChangeEvent change -> logStatus(change.getOldStatus(), change.getNewStatus());
            default -> { }
        }
    }

    private static void logStatus(JDA.Status from, JDA.Status to) {
        if (to == JDA.Status.CONNECTED) {
            LOG.info("Discord gateway: connected");
        } else if (to == JDA.Status.SHUTTING_DOWN || to == JDA.Status.SHUTDOWN) {
            LOG.debug("Discord gateway: {}", to);
        } else if (from == JDA.Status.CONNECTED) {
            LOG.warn("Discord gateway: lost the session ({}), JDA reconnects", to);
        } else {
            LOG.debug("Discord gateway: {} -> {}", from, to);
        }
    }

    /** JDA's session controller, with the gateway URL from configuration (JDA's own is Discord's, fixed). */
    static final class FixedGateway extends SessionControllerAdapter {
        private final String url;

        FixedGateway(String url) {
            this.url = url;
        }

        @Override
        public String getGateway() {
            return url;
        }
    }
}
