package treant.worker;

import treant.Keys;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import treant.discord.MessageEdit;
import treant.jobs.CommandJob;
import treant.store.JobLedger;

/**
 * The steps every command job goes through: read, age check, claim, complete or release, error answer.
 * A claim is a lease renewed every third of its length while the job runs, so a job whose worker
 * died is taken over within one lease, and a live worker's job is never taken from it.
 */
public final class CommandJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandJobs.class);

    private static final String EXPLAINED = "jobExplained";
    private static final String HOLDER = "jobClaimHolder";
    private static final String RENEWAL = "jobClaimRenewal";

    private final ObjectMapper mapper;
    private final JobLedger ledger;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration lease;
    private ScheduledExecutorService renewals; // started by the first claim

    /**
     * @param maxAgeSeconds      the interaction token's life (15 minutes): older jobs can no longer be answered
     * @param claimLeaseSeconds  how long a claim lasts unless its holder renews it
     */
    public CommandJobs(ObjectMapper mapper, JobLedger ledger, Clock clock, long maxAgeSeconds, long claimLeaseSeconds) {
        this.mapper = mapper;
        this.ledger = ledger;
        this.clock = clock;
        this.maxAge = Duration.ofSeconds(maxAgeSeconds);
        this.lease = Duration.ofSeconds(claimLeaseSeconds);
    }

    /**
     * Processor: the SQS body → {@link Keys#JOB}, and {@link Keys#EXPIRED} when its token is dead. A
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
     * Processor: {@link Keys#CLAIMED} true when this delivery owns the job, which is then renewed
     * until the exchange ends. A claim held by a live lease throws {@link JobHeldElsewhereException}.
     */
    public void claim(Exchange exchange) {
        CommandJob job = exchange.getProperty(Keys.JOB, CommandJob.class);
        String holder = UUID.randomUUID().toString();
        boolean claimed = ledger.claim(job.interactionId(), holder, clock.instant(), lease);
        if (!claimed && !ledger.isDone(job.interactionId())) {
            throw new JobHeldElsewhereException(job.interactionId());
        }
        exchange.setProperty(Keys.JOB_CLAIMED, claimed);
        if (claimed) {
            exchange.setProperty(HOLDER, holder);
            long every = Math.max(1, lease.toMillis() / 3);
            ScheduledFuture<?> renewal = renewals().scheduleAtFixedRate(
                    () -> renew(job.interactionId(), holder), every, every, TimeUnit.MILLISECONDS);
            exchange.setProperty(RENEWAL, renewal);
            // whatever way the exchange ends (done, failed, stopped), its lease is no longer renewed
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    renewal.cancel(false);
                }
            });
        }
    }

    private void renew(String interactionId, String holder) {
        boolean stillOurs;
        try {
            stillOurs = ledger.renew(interactionId, holder, clock.instant(), lease);
        } catch (RuntimeException e) {
            // a store blip: the next renewal, a third of a lease later, tries again
            LOG.warn("job {}: renewing the claim failed: {}", interactionId, e.toString());
            return;
        }
        if (!stillOurs) {
            LOG.warn("job {}: the claim is no longer this worker's (its lease lapsed); another worker may answer it",
                    interactionId);
            throw new IllegalStateException("lease lost"); // a task that throws is not scheduled again
        }
    }

    public void complete(Exchange exchange) {
        CommandJob job = exchange.getProperty(Keys.JOB, CommandJob.class);
        stopRenewing(exchange);
        ledger.complete(job.interactionId(), clock.instant());
    }

    private static void stopRenewing(Exchange exchange) {
        ScheduledFuture<?> renewal = exchange.getProperty(RENEWAL, ScheduledFuture.class);
        if (renewal != null) {
            renewal.cancel(false);
        }
    }

    private synchronized ScheduledExecutorService renewals() {
        if (renewals == null) {
            renewals = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("treant-claim-renewal").factory());
        }
        return renewals;
    }

    @Override
    public synchronized void close() {
        if (renewals != null) {
            renewals.shutdownNow();
        }
    }

    /** Error path: give the claim back so that SQS's redelivery can try again, and tell the user. */
    public void releaseAndExplain(Exchange exchange) {
        CommandJob job = exchange.getProperty(Keys.JOB, CommandJob.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.removeProperty(Keys.EDIT);
        if (job == null) {
            // one line per failed delivery; the stack trace only at DEBUG
            LOG.warn("unreadable command job left for SQS redelivery and its dead-letter queue: {}", describe(cause));
            LOG.debug("unreadable command job", cause);
            return; // nobody to answer
        }
        if (exchange.getProperty(EXPLAINED, false, Boolean.class)) {
            return; // the error message itself failed to go out: do not loop
        }
        exchange.setProperty(EXPLAINED, true);
        LOG.warn("{} job {} failed, left for SQS redelivery: {}", job.command(), job.interactionId(), describe(cause));
        LOG.debug("{} job {} failed", job.command(), job.interactionId(), cause);
        if (Boolean.TRUE.equals(exchange.getProperty(Keys.JOB_CLAIMED, Boolean.class))) {
            stopRenewing(exchange);
            try {
                ledger.release(job.interactionId(), exchange.getProperty(HOLDER, String.class));
            } catch (RuntimeException e) {
                LOG.warn("could not release job {}; its lease lapses instead: {}", job.interactionId(), e.toString());
            }
        }
        exchange.removeProperty(Keys.EDIT_FILE);
        exchange.setProperty(Keys.EDIT, MessageEdit.text(cause instanceof GoldPriceUnavailableException
                ? WorkerTexts.GOLD_PRICE_UNAVAILABLE : WorkerTexts.JOB_FAILED));
    }

    private static String describe(Throwable cause) {
        return cause == null ? "?" : cause.toString();
    }
}
