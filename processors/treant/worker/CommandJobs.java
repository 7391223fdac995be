package treant.worker;

import treant.Keys;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import treant.discord.MessageEdit;
import treant.jobs.CommandJob;
import treant.store.JobLedger;

/** The steps every command job goes through: read, age check, claim, complete or release, error answer. */
public final class CommandJobs {

    private static final Logger LOG = LoggerFactory.getLogger(CommandJobs.class);

    private static final String EXPLAINED = "jobExplained";

    private final ObjectMapper mapper;
    private final JobLedger ledger;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration claimStaleAfter;

    /**
     * @param maxAgeSeconds      the interaction token's life (15 minutes): older jobs can no longer be answered
     * @param claimStaleSeconds  a claim older than this whose worker never finished may be taken over
     */
    public CommandJobs(ObjectMapper mapper, JobLedger ledger, Clock clock, long maxAgeSeconds, long claimStaleSeconds) {
        this.mapper = mapper;
        this.ledger = ledger;
        this.clock = clock;
        this.maxAge = Duration.ofSeconds(maxAgeSeconds);
        this.claimStaleAfter = Duration.ofSeconds(claimStaleSeconds);
    }

    /** Processor: the SQS body → {@link Keys#JOB}, and {@link Keys#EXPIRED} when its token is dead. */
    public void read(Exchange exchange) throws Exception {
        CommandJob job = mapper.readValue(exchange.getMessage().getBody(String.class), CommandJob.class);
        if (job.interactionId() == null || job.token() == null || job.applicationId() == null || job.command() == null) {
            throw new IllegalArgumentException("command job lacks interactionId/applicationId/token/command");
        }
        exchange.setProperty(Keys.JOB, job);
        exchange.setProperty(Keys.JOB_EXPIRED, isExpired(job, clock.instant()));
    }

    boolean isExpired(CommandJob job, Instant now) {
        return job.receivedAt() != null && job.receivedAt().plus(maxAge).isBefore(now);
    }

    /** Processor: {@link Keys#CLAIMED} true when this delivery owns the job. */
    public void claim(Exchange exchange) {
        CommandJob job = exchange.getProperty(Keys.JOB, CommandJob.class);
        boolean claimed = ledger.claim(job.interactionId(), clock.instant(), claimStaleAfter);
        if (!claimed && !ledger.isDone(job.interactionId())) {
            throw new JobHeldElsewhereException(job.interactionId());
        }
        exchange.setProperty(Keys.JOB_CLAIMED, claimed);
    }

    public void complete(Exchange exchange) {
        CommandJob job = exchange.getProperty(Keys.JOB, CommandJob.class);
        ledger.complete(job.interactionId(), clock.instant());
    }

    /** Error path: give the claim back so that SQS's redelivery can try again, and tell the user. */
    public void releaseAndExplain(Exchange exchange) {
        CommandJob job = exchange.getProperty(Keys.JOB, CommandJob.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.removeProperty(Keys.EDIT);
        if (job == null) {
            LOG.error("unreadable command job left for SQS redelivery and its dead-letter queue: {}",
                    cause == null ? "?" : cause.toString());
            return; // nobody to answer
        }
        if (exchange.getProperty(EXPLAINED, false, Boolean.class)) {
            return; // the error message itself failed to go out: do not loop
        }
        exchange.setProperty(EXPLAINED, true);
        LOG.error("{} job {} failed, left for SQS redelivery: {}", job.command(), job.interactionId(),
                cause == null ? "?" : cause.toString());
        if (Boolean.TRUE.equals(exchange.getProperty(Keys.JOB_CLAIMED, Boolean.class))) {
            try {
                ledger.release(job.interactionId());
            } catch (RuntimeException e) {
                LOG.warn("could not release job {}; its claim goes stale instead: {}", job.interactionId(), e.toString());
            }
        }
        exchange.removeProperty(Keys.EDIT_FILE);
        exchange.setProperty(Keys.EDIT, MessageEdit.text(cause instanceof GoldPriceUnavailableException
                ? WorkerTexts.GOLD_PRICE_UNAVAILABLE : WorkerTexts.JOB_FAILED));
    }
}
