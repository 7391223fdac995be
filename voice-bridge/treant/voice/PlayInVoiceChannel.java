package treant.voice;

import treant.Keys;
import java.util.List;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

import treant.jobs.VoiceJob;

/**
 * Plays the frames in the body in the channel found by {@link FindVoiceChannel}. Asynchronous: the SQS
 * consumer's thread is freed while the guild's earlier speech plays, and the exchange (and so the SQS
 * message) completes only when this speech has been played — the message is deleted after playing.
 */
public final class PlayInVoiceChannel extends AsyncProcessorSupport {

    private final GuildSpeaker speaker;

    public PlayInVoiceChannel(GuildSpeaker speaker) {
        this.speaker = speaker;
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            VoiceJob job = exchange.getProperty(Keys.JOB, VoiceJob.class);
            String channelId = exchange.getProperty(Keys.VOICE_CHANNEL_ID, String.class);
            List<byte[]> frames = exchange.getMessage().getMandatoryBody(List.class);
            speaker.speak(job.guildId(), channelId, frames).whenComplete((ok, failure) -> {
                if (failure != null) {
                    exchange.setException(failure);
                }
                callback.done(false);
            });
            return false;
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }
}
