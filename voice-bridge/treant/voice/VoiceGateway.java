package treant.voice;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What the voice route needs from Discord, so it can be tested without Discord. The JDA implementation is
 * {@link JdaVoiceGateway}.
 */
public interface VoiceGateway {

    /** Where the member is right now. */
    MemberVoiceState findVoiceChannel(String guildId, String userId);

    /**
     * Joins (or stays in) the channel and plays the 20 ms frames (48 kHz stereo s16be, {@link DiscordPcm#FRAME_BYTES}
     * each). Completes when the last frame was handed to the audio connection, exceptionally when it cannot play.
     * Calls for one guild never overlap: {@link GuildSpeaker} orders them.
     */
    CompletionStage<Void> play(String guildId, String channelId, List<byte[]> frames);

    /** Leaves the guild's voice channel (idle) and drops anything not yet played. */
    void leave(String guildId);
}
