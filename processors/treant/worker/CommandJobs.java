package treant.worker;

import treant.Keys;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * died is taken over within one lease, and a live worker's job is never taken from it. Only the run
 * that holds the claim answers (the edit, the error message) and marks the job done.
 */
public final class CommandJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandJobs.class);

    private static final String EXPLAINED = "jobExplained";
    private static final String CLAIM = "jobClaim";

    private final ObjectMapper mapper;
    private final JobLedger ledger;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration lease;
    private ScheduledExecutorService ticks; // started by the first claim
    private final ExecutorService storeCalls = Executors.newVirtualThreadPerTaskExecutor();

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
     * Processor: {@link Keys#JOB_CLAIMED} true when this delivery owns the job, which is then renewed
     * until the exchange ends. A claim held by a live lease throws {@link JobHeldElsewhereException}.
     */
    public void claim(Exchange exchange) {
        CommandJob job = exchange.getProperty(Keys.JOB, CommandJob.class);
        String holder = UUID.randomUUID().toString();
        Instant now = clock.instant();
        boolean claimed = ledger.claim(job.interactionId(), holder, now, lease);
        if (!claimed && !ledger.isDone(job.interactionId())) {
            throw new JobHeldElsewhereException(job.interactionId());
        }
        exchange.setProperty(Keys.JOB_CLAIMED, claimed);
        if (claimed) {
            Claim claim = new Claim(job.interactionId(), holder, now.plus(lease));
            exchange.setProperty(CLAIM, claim);
            long every = Math.max(1, lease.toMillis() / 3);
            claim.schedule = ticks().scheduleAtFixedRate(claim::tick, every, every, TimeUnit.MILLISECONDS);
            // whatever way the exchange ends (done, failed, stopped), its lease is no longer renewed
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    claim.stopRenewing();
                }
            });
        }
    }

    /**
     * One run's claim, renewed every third of a lease. The schedule's one thread only starts renewals;
     * each store call runs on a virtual thread of its own, at most one per claim at a time (a renewal
     * still waiting for the store skips its turn), so one slow call never holds up other jobs' renewals.
     */
    private final class Claim {
        final String interactionId;
        final String holder;
        private final AtomicBoolean renewing = new AtomicBoolean();
        private volatile Instant leaseUntil;
        private volatile boolean lost;
        volatile ScheduledFuture<?> schedule;

        Claim(String interactionId, String holder, Instant leaseUntil) {
            this.interactionId = interactionId;
            this.holder = holder;
            this.leaseUntil = leaseUntil;
        }

        void tick() {
            if (!lost && renewing.compareAndSet(false, true)) {
                try {
                    storeCalls.execute(() -> {
                        try {
                            renew();
                        } catch (RuntimeException e) {
                            // a store blip: the next renewal, a third of a lease later, tries again
                            LOG.warn("job {}: renewing the claim failed: {}", interactionId, e.toString());
                        } finally {
                            renewing.set(false);
                        }
                    });
                } catch (RejectedExecutionException closing) {
                    renewing.set(false);
                }
            }
        }

        /** Extends the lease; false (and lost from then on) when the claim is no longer this run's. */
        boolean renew() {
            Instant now = clock.instant();
            if (ledger.renew(interactionId, holder, now, lease)) {
                leaseUntil = now.plus(lease);
                return true;
            }
            if (!lost) {
                lost = true;
                stopRenewing();
                LOG.warn("job {}: the claim is no longer this run's (its lease lapsed and another delivery took it);"
                        + " this run will not answer", interactionId);
            }
            return false;
        }

        /** Whether this run may still answer: asked of the store, or, should the store fail, of the last renewal. */
        boolean held() {
            if (lost) {
                return false;
            }
            try {
                return renew();
            } catch (RuntimeException e) {
                LOG.warn("job {}: checking the claim failed ({}); its lease runs until {}", interactionId, e, leaseUntil);
                return clock.instant().isBefore(leaseUntil);
            }
        }

        void stopRenewing() {
            ScheduledFuture<?> s = schedule;
            if (s != null) {
                s.cancel(false);
            }
        }
    }

    /**
     * Step just before the edit: only the run that holds the job's claim answers. A run whose lease
     * lapsed and was taken over (a long stall, a slow store) throws {@link ClaimLostException} instead
     * of overwriting, or adding to, the answer of the run that took it over.
     */
    public void requireClaim(Exchange exchange) {
        Claim claim = exchange.getProperty(CLAIM, Claim.class);
        if (claim == null || !claim.held()) {
            throw new ClaimLostException(exchange.getProperty(Keys.JOB, CommandJob.class).interactionId());
        }
    }

    /** Marks the job done, when this run still holds its claim (a run that took it over completes it then). */
    public void complete(Exchange exchange) {
        CommandJob job = exchange.getProperty(Keys.JOB, CommandJob.class);
        Claim claim = exchange.getProperty(CLAIM, Claim.class);
        if (claim == null) {
            throw new IllegalStateException("job " + job.interactionId() + " completed without a claim");
        }
        claim.stopRenewing();
        if (!ledger.complete(job.interactionId(), claim.holder, clock.instant())) {
            LOG.warn("job {} was answered, but its claim had been taken over meanwhile: left for the run that holds it",
                    job.interactionId());
        }
    }

    private synchronized ScheduledExecutorService ticks() {
        if (ticks == null) {
            ticks = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("treant-claim-renewal").factory());
        }
        return ticks;
    }

    @Override
    public synchronized void close() {
        if (ticks != null) {
            ticks.shutdownNow();
        }
        storeCalls.shutdownNow();
    }

    /**
     * Error path, first step: one WARN line saying what failed, and the short error message as the
     * edit — only when this run holds the job's claim (another run may have answered it).
     */
    public void explainFailure(Exchange exchange) {
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
        Claim claim = exchange.getProperty(CLAIM, Claim.class);
        if (claim != null && !claim.lost) {
            exchange.setProperty(Keys.EDIT, MessageEdit.text(cause instanceof GoldPriceUnavailableException
                    ? WorkerTexts.GOLD_PRICE_UNAVAILABLE : WorkerTexts.JOB_FAILED));
        }
    }

    /** Error path, last step (after the error message): give the claim back, so that SQS's redelivery can try again. */
    public void release(Exchange exchange) {
        Claim claim = exchange.getProperty(CLAIM, Claim.class);
        if (claim == null) {
            return;
        }
        claim.stopRenewing();
        try {
            ledger.release(claim.interactionId, claim.holder); // a no-op once the claim is another run's
        } catch (RuntimeException e) {
            LOG.warn("could not release job {}; its lease lapses instead: {}", claim.interactionId, e.toString());
        }
    }

    private static String describe(Throwable cause) {
        return cause == null ? "?" : cause.toString();
    }
}
