package treant.voice;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import club.minnced.discord.jdave.interop.JDaveSessionFactory;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.audio.AudioModuleConfig;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.GuildVoiceState;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.channel.middleman.AudioChannel;
import net.dv8tion.jda.api.managers.AudioManager;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.utils.ChunkingFilter;
import net.dv8tion.jda.api.utils.MemberCachePolicy;
import net.dv8tion.jda.api.utils.cache.CacheFlag;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Discord side of voice, through JDA 6.5 with DAVE end-to-end encryption (jdave). Logs in when the voice
 * role starts (a Camel service) with only what voice needs: the {@code GUILD_VOICE_STATES} intent and the voice
 * state cache, members cached only while they are in voice. The bot needs the Connect and Speak permissions.
 */
public final class JdaVoiceGateway extends ServiceSupport implements VoiceGateway {

    private static final Logger LOG = LoggerFactory.getLogger(JdaVoiceGateway.class);

    /** How long a job waits for the gateway session (login, or a reconnect) before it fails. */
    static final java.time.Duration READY_WAIT = java.time.Duration.ofSeconds(15);

    private final String token;
    private final Map<String, FrameQueueSendHandler> handlers = new ConcurrentHashMap<>();
    private volatile JDA jda;

    public JdaVoiceGateway(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("the voice role needs treant.discord.token (environment variable TREANT_DISCORD_TOKEN)");
        }
        this.token = token;
    }

    /** The builder the voice role logs in with; public so the README's intents and caches stay checkable. */
    public static JDABuilder builder(String token) {
        return JDABuilder.createLight(token, EnumSet.of(GatewayIntent.GUILD_VOICE_STATES))
                .enableCache(CacheFlag.VOICE_STATE)
                .setMemberCachePolicy(MemberCachePolicy.VOICE)
                .setChunkingFilter(ChunkingFilter.NONE)
                // Discord accepts only DAVE (E2EE) voice since March 2026; jdave brings libdave through FFM
                .setAudioModuleConfig(new AudioModuleConfig().withDaveSessionFactory(new JDaveSessionFactory()));
    }

    @Override
    protected void doStart() {
        // build() only starts the login; the first job waits for READY
        jda = builder(token).build();
        LOG.info("voice: logging in to Discord");
    }

    @Override
    protected void doStop() {
        JDA current = jda;
        if (current != null) {
            handlers.values().forEach(FrameQueueSendHandler::clear);
            current.shutdown();
        }
    }

    /** JDA's gateway status (CONNECTED when ready), or NOT_STARTED. */
    public String status() {
        JDA current = jda;
        return current == null ? "NOT_STARTED" : current.getStatus().name();
    }

    @Override
    public MemberVoiceState findVoiceChannel(String guildId, String userId) {
        Guild guild = ready().getGuildById(guildId);
        if (guild == null) {
            return new MemberVoiceState.UnknownGuild();
        }
        // MemberCachePolicy.VOICE keeps exactly the members who are in a voice channel
        Member member = guild.getMemberById(userId);
        GuildVoiceState state = member == null ? null : member.getVoiceState();
        if (state == null || state.getChannel() == null) {
            return new MemberVoiceState.NotInVoice();
        }
        return new MemberVoiceState.InChannel(state.getChannel().getId());
    }

    @Override
    public CompletionStage<Void> play(String guildId, String channelId, List<byte[]> frames) {
        Guild guild = ready().getGuildById(guildId);
        if (guild == null) {
            return CompletableFuture.failedFuture(new VoicePlaybackException("guild " + guildId + " is gone"));
        }
        AudioChannel channel = guild.getChannelById(AudioChannel.class, channelId);
        if (channel == null) {
            return CompletableFuture.failedFuture(new VoicePlaybackException("voice channel " + channelId + " is gone"));
        }
        AudioManager audio = guild.getAudioManager();
        FrameQueueSendHandler handler = handlers.computeIfAbsent(guildId, g -> new FrameQueueSendHandler());
        audio.setSendingHandler(handler);
        if (!audio.isConnected() || audio.getConnectedChannel() == null || !channelId.equals(audio.getConnectedChannel().getId())) {
            audio.openAudioConnection(channel); // throws InsufficientPermissionException without Connect/Speak
        }
        return handler.enqueue(frames);
    }

    @Override
    public void leave(String guildId) {
        FrameQueueSendHandler handler = handlers.get(guildId);
        if (handler != null) {
            handler.clear();
        }
        JDA current = jda;
        Guild guild = current == null ? null : current.getGuildById(guildId);
        if (guild != null) {
            guild.getAudioManager().closeAudioConnection();
        }
    }

    private JDA ready() {
        JDA current = jda;
        if (current == null) {
            throw new VoicePlaybackException("the voice gateway is not started");
        }
        // bounded: while Discord is unreachable a consumer thread must not wait forever; the job's
        // failure is retried with backoff, then dead-lettered
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (current.getStatus() != JDA.Status.CONNECTED) {
            if (System.nanoTime() > deadline) {
                throw new VoicePlaybackException("Discord gateway not connected within " + READY_WAIT.toSeconds()
                        + " s (status " + current.getStatus() + ")");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VoicePlaybackException("interrupted while waiting for Discord", e);
            }
        }
        return current;
    }
}
