package treant.voice;

import treant.Keys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

import treant.jobs.VoiceJob;

/**
 * Plays the frames in the body in the channel found by {@link FindVoiceChannel}. Asynchronous: the SQS
 * consumer's thread is freed while the guild's earlier speech plays, and the exchange (and so the SQS
 * message) completes only when this speech has been played — the message is deleted after playing. The
 * job's age limit is checked again when its turn comes ({@link SpeechTooLateException}).
 */
public final class PlayInVoiceChannel extends AsyncProcessorSupport {

    private final GuildSpeaker speaker;
    private final Duration maxAge;

    /** @param maxAgeSeconds the job's age limit, checked again when its turn to play comes */
    public PlayInVoiceChannel(GuildSpeaker speaker, long maxAgeSeconds) {
        this.speaker = speaker;
        this.maxAge = Duration.ofSeconds(maxAgeSeconds);
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            VoiceJob job = exchange.getProperty(Keys.JOB, VoiceJob.class);
            String channelId = exchange.getProperty(Keys.VOICE_CHANNEL_ID, String.class);
            List<byte[]> frames = exchange.getMessage().getMandatoryBody(List.class);
            Instant playBy = job.receivedAt() == null ? null : job.receivedAt().plus(maxAge);
            speaker.speak(job.guildId(), channelId, frames, playBy).whenComplete((ok, failure) -> {
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
