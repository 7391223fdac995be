package treant.voice;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.GuildVoiceState;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.channel.middleman.AudioChannel;
import net.dv8tion.jda.api.managers.AudioManager;
import org.apache.camel.support.service.ServiceSupport;
import treant.gateway.DiscordSession;

/**
 * The Discord side of voice, through JDA 6.5 with DAVE end-to-end encryption (jdave), on the process's
 * {@link DiscordSession} (which asks for the {@code GUILD_VOICE_STATES} intent and the voice state
 * cache when the voice role runs, members cached only while they are in voice). The bot needs the
 * Connect and Speak permissions.
 */
public final class JdaVoiceGateway extends ServiceSupport implements VoiceGateway {

    /** How long a job waits for the gateway session (login, or a reconnect) before it fails. */
    static final java.time.Duration READY_WAIT = java.time.Duration.ofSeconds(15);

    private final DiscordSession session;
    private final Map<String, FrameQueueSendHandler> handlers = new ConcurrentHashMap<>();

    public JdaVoiceGateway(DiscordSession session) {
        this.session = session;
    }

    @Override
    protected void doStop() {
        handlers.values().forEach(FrameQueueSendHandler::clear);
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
        JDA current = session.jda();
        Guild guild = current == null ? null : current.getGuildById(guildId);
        if (guild != null) {
            guild.getAudioManager().closeAudioConnection();
        }
    }

    private JDA ready() {
        JDA current = session.jda();
        if (current == null) {
            throw new VoicePlaybackException("the Discord gateway session is not started");
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
