package treant.recap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import treant.store.RecapLedger;

/**
 * The automatic recap: the guild's new reports, each posted to the channel once it has not changed
 * for the settle time (the raid is over), once per report whatever the number of workers or their
 * restarts (the store's {@link RecapLedger} decides). Reports that ended longer ago than the maximum
 * age are left alone, so turning it on does not post the guild's history.
 */
public final class AutoRecap {

    private static final Logger LOG = LoggerFactory.getLogger(AutoRecap.class);

    /** The door's timer route, started only when everything is set up. */
    public static final String TIMER_ROUTE = "worker-recap-timer";
    /** Longer than one recap can take (each call is timed out, retries are bounded): a dead worker's claim lapses after it. */
    static final Duration POST_LEASE = Duration.ofMinutes(10);

    /** A report this worker holds the claim to post: its code as the guild's list named it, and this poll's holder id. */
    public record Claim(String code, String holder) {}

    private final WarcraftLogs warcraftLogs;
    private final RecapLedger ledger;
    private final boolean botToken;
    private final String channelId;
    private final Duration settle;
    private final Duration maxAge;
    private final Clock clock;

    /**
     * @param channelId a Discord channel id; Object because Camel's YAML bean constructors take a
     *                  snowflake for a number and then match no String parameter
     */
    public AutoRecap(WarcraftLogs warcraftLogs, RecapLedger ledger, String discordToken, Object channelId,
                     long settleMinutes, long maxAgeHours, Clock clock) {
        this.warcraftLogs = warcraftLogs;
        this.ledger = ledger;
        this.botToken = discordToken != null && !discordToken.isBlank();
        this.channelId = channelId == null ? "" : channelId.toString().strip();
        this.settle = Duration.ofMinutes(settleMinutes);
        this.maxAge = Duration.ofHours(maxAgeHours);
        this.clock = clock;
    }

    /** Credentials, guild, channel and the bot token (it posts as the bot) are all there. */
    public boolean isOn() {
        return warcraftLogs.isConfigured() && warcraftLogs.guild() != null && !channelId.isEmpty() && botToken;
    }

    /**
     * Run once at start-up ({@code worker-recap-setup}): starts the timer when everything is set up,
     * else logs what is missing (only when something of it was set: a bot without recaps says nothing).
     */
    public void startTimerIfOn(Exchange exchange) throws Exception {
        if (isOn()) {
            LOG.info("automatic recaps: reports of {} go to channel {} once unchanged for {} min", warcraftLogs.guild(),
                    channelId, settle.toMinutes());
            // a timer started while Camel is still starting never fires (its consumer waits for the
            // context's start-up event, already past): start it once the context is up
            CamelContext context = exchange.getContext();
            for (int i = 0; i < 600 && !context.getStatus().isStarted() && !isStoppingOrStopped(context); i++) {
                Thread.sleep(100);
            }
            // a context stopped while still starting (a short-lived process, a test) gets no timer
            if (context.getStatus().isStarted()) {
                context.getRouteController().startRoute(TIMER_ROUTE);
            }
            return;
        }
        List<String> missing = new ArrayList<>();
        if (!warcraftLogs.isConfigured()) {
            missing.add("treant.warcraftlogs.client-id / client-secret");
        }
        if (warcraftLogs.guild() == null) {
            missing.add("treant.warcraftlogs.guild");
        }
        if (channelId.isEmpty()) {
            missing.add("treant.warcraftlogs.channel-id");
        }
        if (!botToken) {
            missing.add("treant.discord.token");
        }
        if (missing.size() < 4) {
            LOG.warn("automatic recaps are off: {} not set", String.join(", ", missing));
        }
    }

    private static boolean isStoppingOrStopped(CamelContext context) {
        return context.getStatus().isStopping() || context.getStatus().isStopped();
    }

    /** Whether this poll asks Warcraft Logs at all (set up, and the hour's points not spent). */
    public boolean shouldPoll() {
        if (!isOn()) {
            return false;
        }
        if (warcraftLogs.isResting()) {
            LOG.info("automatic recaps: Warcraft Logs points spent, next look after {}", warcraftLogs.restingUntil());
            return false;
        }
        return true;
    }

    /**
     * The guild's reports → those this worker now holds the claim to post: recent, unchanged for the
     * settle time, not posted yet.
     */
    public List<Claim> claimDue(@Body List<RaidReport.Listed> reports) {
        Instant now = clock.instant();
        String holder = UUID.randomUUID().toString();
        List<Claim> due = new ArrayList<>();
        for (RaidReport.Listed r : reports) {
            if (Instant.ofEpochMilli(r.endTime()).isBefore(now.minus(maxAge))) {
                continue; // older than treant.warcraftlogs.max-report-age-hours: never posted automatically
            }
            RecapLedger.Sighting seen = ledger.sight(r.code(), r.endTime(), now);
            if (seen.posted()) {
                continue;
            }
            if (seen.unchangedSince().plus(settle).isAfter(now)) {
                LOG.debug("report {} changed within the last {} min: not settled yet", r.code(), settle.toMinutes());
                continue;
            }
            if (ledger.claimPost(r.code(), holder, now, POST_LEASE)) {
                due.add(new Claim(r.code(), holder));
            }
        }
        return due;
    }

    /** The claimed report's recap went out. */
    public void posted(@Variable("claim") Claim claim) {
        ledger.posted(claim.code(), clock.instant());
        LOG.info("automatic recap of report {} posted to channel {}", claim.code(), channelId);
    }

    /** Warcraft Logs gave no recap (points spent: the next poll tries again; unknown or private: never). */
    public void refused(@Variable("claim") Claim claim, @Body RecapRefusal refusal) {
        if (refusal.reason() == RecapRefusal.Reason.UNKNOWN) {
            LOG.warn("report {} of the guild cannot be read (unknown or private): no automatic recap for it", claim.code());
            ledger.posted(claim.code(), clock.instant());
        } else {
            LOG.info("report {}: Warcraft Logs points spent; the recap waits for a later poll", claim.code());
            release(claim, null);
        }
    }

    /** Gives the claim back (its post failed, or must wait), so a later poll tries again. */
    public void release(@Variable("claim") Claim claim, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        if (cause != null) {
            LOG.warn("automatic recap of report {} not posted ({}); the next poll tries again", claim.code(), cause.toString());
        }
        try {
            ledger.releasePost(claim.code(), claim.holder());
        } catch (RuntimeException e) {
            LOG.warn("could not release recap {}; its claim lapses instead: {}", claim.code(), e.toString());
        }
    }
}
