package treant.jobs;

import java.time.Instant;

/**
 * Something to say in the caller's voice channel, on the voice queue.
 *
 * @param version        schema version, {@link #VERSION}
 * @param text           plain text to speak (never SSML)
 * @param interactionId  the interaction that asked for it, for logs and de-duplication
 */
public record VoiceJob(int version, String guildId, String userId, String text, String interactionId,
                       Instant receivedAt) {

    public static final int VERSION = 1;

    /**
     * This job, when its ids are decimal, as Discord's are (a missing guild or user is the voice route's
     * to drop, a missing interaction id its to dead-letter); else {@link MalformedJobException}.
     */
    public VoiceJob checked() {
        MalformedJobException.checkId("voice", "guildId", guildId, false);
        MalformedJobException.checkId("voice", "userId", userId, false);
        MalformedJobException.checkId("voice", "interactionId", interactionId, false);
        return this;
    }

    public static VoiceJob of(String guildId, String userId, String text, String interactionId, Instant now) {
        return new VoiceJob(VERSION, guildId, userId, text, interactionId, now);
    }
}
