package treant.jobs;

import java.time.Instant;
import treant.discord.Interaction;

/**
 * A deferred command (gold, judge, recap) on the command queue: everything the worker needs to answer
 * the interaction by editing its original message. Discord ids are decimal strings.
 *
 * @param version     schema version, {@link #VERSION}
 * @param command     {@code gold}, {@code judge} or {@code recap}
 * @param amount      gold: how many gold to price
 * @param character   judge: the character name as typed (validated)
 * @param realm       judge: realm slug, or null for the configured default
 * @param receivedAt  when the api accepted the interaction; the token dies 15 minutes later
 * @param report      recap: the Warcraft Logs report code, or null for the guild's latest report
 */
public record CommandJob(
        int version,
        String command,
        String interactionId,
        String applicationId,
        String token,
        String guildId,
        String channelId,
        String userId,
        Integer amount,
        String character,
        String realm,
        Instant receivedAt,
        String report) {

    public static final int VERSION = 1;

    /** A job of a command without a report (gold, judge): jobs written before recaps existed read the same. */
    public CommandJob(int version, String command, String interactionId, String applicationId, String token, String guildId,
                      String channelId, String userId, Integer amount, String character, String realm, Instant receivedAt) {
        this(version, command, interactionId, applicationId, token, guildId, channelId, userId, amount, character, realm,
                receivedAt, null);
    }

    public static CommandJob gold(Interaction i, int amount, Instant now) {
        return new CommandJob(VERSION, "gold", i.id(), i.applicationId(), i.token(), i.guildId(),
                i.channelId(), i.userId(), amount, null, null, now);
    }

    public static CommandJob judge(Interaction i, String character, String realm, Instant now) {
        return new CommandJob(VERSION, "judge", i.id(), i.applicationId(), i.token(), i.guildId(),
                i.channelId(), i.userId(), null, character, realm, now);
    }

    public static CommandJob recap(Interaction i, String report, Instant now) {
        return new CommandJob(VERSION, "recap", i.id(), i.applicationId(), i.token(), i.guildId(),
                i.channelId(), i.userId(), null, null, null, now, report);
    }
}
