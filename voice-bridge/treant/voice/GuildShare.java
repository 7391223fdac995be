package treant.voice;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

import treant.Keys;
import treant.jobs.VoiceJob;

/**
 * One guild's share of the voice role: at most {@code maxPerGuild} of its jobs are being synthesised or
 * wait to be played at once. A job over the share is dropped ({@link Keys#VOICE_DROP}, logged by the
 * route): by the time a flood of speech would play it only confuses, and other guilds' jobs never wait
 * behind it. Runs after {@link FindVoiceChannel} (property {@link Keys#JOB}); a job it already dropped
 * passes untouched.
 */
public final class GuildShare implements Processor {

    private final int maxPerGuild;
    /** Per guild with jobs in flight, their count; updated atomically per key, a quiet guild has no entry. */
    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();

    public GuildShare(int maxPerGuild) {
        this.maxPerGuild = maxPerGuild;
    }

    @Override
    public void process(Exchange exchange) {
        if (exchange.getProperty(Keys.VOICE_DROP) != null) {
            return;
        }
        String guild = exchange.getProperty(Keys.JOB, VoiceJob.class).guildId();
        int[] count = new int[1];
        inFlight.compute(guild, (g, n) -> count[0] = (n == null ? 0 : n) + 1);
        if (count[0] > maxPerGuild) {
            leave(guild);
            exchange.setProperty(Keys.VOICE_DROP, "guild " + guild + " already has " + maxPerGuild
                    + " utterances waiting (treant.voice.max-jobs-per-guild)");
            return;
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                leave(guild);
            }
        });
    }

    private void leave(String guild) {
        inFlight.compute(guild, (g, n) -> n == null || n <= 1 ? null : n - 1);
    }

    /** Jobs of this guild being synthesised or waiting to play. */
    public int inFlight(String guild) {
        return inFlight.getOrDefault(guild, 0);
    }
}
