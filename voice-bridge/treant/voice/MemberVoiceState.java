package treant.voice;

/** The answer to "where is this member in voice?", from {@link VoiceGateway#findVoiceChannel}. */
public sealed interface MemberVoiceState {

    record InChannel(String channelId) implements MemberVoiceState {
    }

    /** The member is not in a voice channel of that guild (or not a member): the job can never be played. */
    record NotInVoice() implements MemberVoiceState {
    }

    /** The bot is not in that guild: the job can never be played. */
    record UnknownGuild() implements MemberVoiceState {
    }
}
