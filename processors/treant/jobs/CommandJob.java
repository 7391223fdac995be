package treant.jobs;

import java.time.Instant;
import java.util.regex.Pattern;
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

    /** A Warcraft Logs report code, as the api accepts it. */
    private static final Pattern REPORT = Pattern.compile("[A-Za-z0-9]{16}");

    /**
     * This job, when what goes into the edit's URL is what Discord issues (token {@code [A-Za-z0-9_.-]+},
     * decimal ids), it names its command and its report (if any) is a report code; else
     * {@link MalformedJobException}.
     */
    public CommandJob checked() {
        MalformedJobException.checkId("command", "interactionId", interactionId, true);
        MalformedJobException.checkId("command", "applicationId", applicationId, true);
        MalformedJobException.checkToken("command", token);
        MalformedJobException.checkId("command", "guildId", guildId, false); // none in a DM
        MalformedJobException.checkId("command", "channelId", channelId, false);
        MalformedJobException.checkId("command", "userId", userId, false);
        if (command == null) {
            throw new MalformedJobException("command job with no command");
        }
        if (report != null && !REPORT.matcher(report).matches()) {
            throw new MalformedJobException("command job with a malformed report");
        }
        return this;
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
