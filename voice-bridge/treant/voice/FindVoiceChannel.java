package treant.voice;

import treant.Keys;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import treant.jobs.VoiceJob;

/**
 * Decides where a voice job is spoken. Body: {@link VoiceJob}. Sets {@link Keys#VOICE_CHANNEL_ID} to the member's current voice
 * channel, or {@link Keys#VOICE_DROP} to why the job can never be played (the route logs it and lets SQS delete it:
 * retrying would not help). The text length is checked again here because other producers than the api
 * (the worker) also enqueue speech.
 */
public final class FindVoiceChannel implements Processor {

    private final VoiceGateway gateway;
    private final int maxTextLength;
    private final java.time.Duration maxAge;
    private final java.time.Clock clock;

    /** @param maxAgeSeconds older jobs are dropped: speech minutes after the command only confuses */
    public FindVoiceChannel(VoiceGateway gateway, int maxTextLength, long maxAgeSeconds) {
        this.gateway = gateway;
        this.maxTextLength = SpeechText.checkedMaxLength(maxTextLength);
        this.maxAge = java.time.Duration.ofSeconds(maxAgeSeconds);
        this.clock = java.time.Clock.systemUTC();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        VoiceJob job = exchange.getMessage().getMandatoryBody(VoiceJob.class);
        exchange.setProperty(Keys.JOB, job);
        String drop = dropReason(job);
        if (drop != null) {
            exchange.setProperty(Keys.VOICE_DROP, drop);
            return;
        }
        switch (gateway.findVoiceChannel(job.guildId(), job.userId())) {
            case MemberVoiceState.InChannel in -> exchange.setProperty(Keys.VOICE_CHANNEL_ID, in.channelId());
            case MemberVoiceState.NotInVoice ignored -> exchange.setProperty(Keys.VOICE_DROP, "member is not in a voice channel");
            case MemberVoiceState.UnknownGuild ignored -> exchange.setProperty(Keys.VOICE_DROP, "guild unknown to the bot");
        }
    }

    String dropReason(VoiceJob job) {
        if (job.version() != VoiceJob.VERSION) {
            return "unsupported job version " + job.version();
        }
        if (job.guildId() == null || job.userId() == null) {
            return "job without guild or user";
        }
        if (job.receivedAt() != null && job.receivedAt().plus(maxAge).isBefore(clock.instant())) {
            return "job older than " + maxAge.toSeconds() + " s (received " + job.receivedAt() + ")";
        }
        // the same check as the api's, on the text the engine would get
        return SpeechText.whyNotSpeakable(job.text(), maxTextLength);
    }
}
