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

/**
 * The steps every command job goes through besides its claim: read, age check, the check before the
 * edit, error answer, release. The claim itself is the idempotent consumer's repository
 * ({@link JobClaims}); only the run that holds it answers (the edit, the error message).
 */
public final class CommandJobs {

    private static final Logger LOG = LoggerFactory.getLogger(CommandJobs.class);

    private static final String EXPLAINED = "jobExplained";

    private final ObjectMapper mapper;
    private final JobClaims claims;
    private final Clock clock;
    private final Duration maxAge;

    /** @param maxAgeSeconds the interaction token's life (15 minutes): older jobs can no longer be answered */
    public CommandJobs(ObjectMapper mapper, JobClaims claims, Clock clock, long maxAgeSeconds) {
        this.mapper = mapper;
        this.claims = claims;
        this.clock = clock;
        this.maxAge = Duration.ofSeconds(maxAgeSeconds);
    }

    /**
     * Processor: the SQS body → {@link Keys#JOB}, and {@link Keys#JOB_EXPIRED} when its token is dead. A
     * job that is not JSON or not {@link CommandJob#checked() well formed} throws: unreadable, it is
     * left to SQS's redelivery and its dead-letter queue, never run.
     */
    public void read(Exchange exchange) throws Exception {
        CommandJob job = mapper.readValue(exchange.getMessage().getBody(String.class), CommandJob.class).checked();
        exchange.setProperty(Keys.JOB, job);
        exchange.setProperty(Keys.JOB_EXPIRED, isExpired(job, clock.instant()));
    }

    boolean isExpired(CommandJob job, Instant now) {
        return job.receivedAt() != null && job.receivedAt().plus(maxAge).isBefore(now);
    }

    /**
     * Step just before the edit: only the run that holds the job's claim answers. A run whose lease
     * lapsed and was taken over (a long stall, a slow store) throws {@link ClaimLostException} instead
     * of overwriting, or adding to, the answer of the run that took it over.
     */
    public void requireClaim(Exchange exchange) {
        if (!claims.holds(exchange)) {
            throw new ClaimLostException(exchange.getProperty(Keys.JOB, CommandJob.class).interactionId());
        }
    }

    /**
     * Error path, first step: one WARN line saying what failed → the short error message to edit the
     * answer into, or null when this run must not answer (no job, another run may have answered it,
     * the error message itself failed).
     */
    public MessageEdit explainFailure(Exchange exchange) {
        CommandJob job = exchange.getProperty(Keys.JOB, CommandJob.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (job == null) {
            // one line per failed delivery; the stack trace only at DEBUG
            LOG.warn("unreadable command job left for SQS redelivery and its dead-letter queue: {}", describe(cause));
            LOG.debug("unreadable command job", cause);
            return null; // nobody to answer
        }
        if (exchange.getProperty(EXPLAINED, false, Boolean.class)) {
            return null; // the error message itself failed to go out: do not loop
        }
        exchange.setProperty(EXPLAINED, true);
        LOG.warn("{} job {} failed, left for SQS redelivery: {}", job.command(), job.interactionId(), describe(cause));
        LOG.debug("{} job {} failed", job.command(), job.interactionId(), cause);
        if (!claims.claimed(exchange)) {
            return null;
        }
        return MessageEdit.text(cause instanceof GoldPriceUnavailableException
                ? WorkerTexts.GOLD_PRICE_UNAVAILABLE : WorkerTexts.JOB_FAILED);
    }

    /**
     * Error path, last step (after the error message): give the claim back, so that SQS's redelivery
     * can try again. The idempotent consumer releases it too when the exchange fails; whichever comes
     * first releases it, once.
     */
    public void release(Exchange exchange) {
        CommandJob job = exchange.getProperty(Keys.JOB, CommandJob.class);
        if (job != null) {
            claims.remove(exchange, job.interactionId());
        }
    }

    private static String describe(Throwable cause) {
        return cause == null ? "?" : cause.toString();
    }
}
