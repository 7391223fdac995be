package treant.worker;

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
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import treant.store.JobLedger;

/**
 * The worker's idempotent repository: the claim of a command job in the {@link JobLedger}, a lease.
 * {@code add} claims (renewed every third of a lease until the exchange ends), {@code confirm} marks
 * the job done, {@code remove} releases it; all keyed by the interaction id and by this exchange's
 * holder, so only the run that claimed a job completes or releases it. Use it with the EIP's defaults
 * ({@code eager}, {@code removeOnFailure}, {@code skipDuplicate}) and {@code completionEager: true}.
 *
 * <p>One case does not map onto the EIP, which knows only "new" and "duplicate": a job claimed by
 * another run that has not finished. It is no duplicate (that run may still fail and release it) and
 * not ours to run, so {@code add} throws {@link JobHeldElsewhereException}: the EIP sets it on the
 * exchange and the error handler asks again later, then leaves it to SQS's redelivery.
 */
public final class JobClaims extends ServiceSupport implements IdempotentRepository {

    private static final Logger LOG = LoggerFactory.getLogger(JobClaims.class);

    /** The exchange property holding this run's {@link Claim}. */
    static final String CLAIM = "jobClaim";

    private final JobLedger ledger;
    private final Clock clock;
    private final Duration lease;
    private ScheduledExecutorService ticks; // started by the first claim
    private ExecutorService storeCalls;

    /** @param leaseSeconds how long a claim lasts unless its holder renews it */
    public JobClaims(JobLedger ledger, Clock clock, long leaseSeconds) {
        this.ledger = ledger;
        this.clock = clock;
        this.lease = Duration.ofSeconds(leaseSeconds);
    }

    /**
     * Claims the job for this exchange: true when it is now this run's, false when it was answered
     * (a duplicate). Throws {@link JobHeldElsewhereException} when another run holds a live lease.
     */
    @Override
    public boolean add(Exchange exchange, String interactionId) {
        String holder = UUID.randomUUID().toString();
        Instant now = clock.instant();
        if (!ledger.claim(interactionId, holder, now, lease)) {
            if (ledger.isDone(interactionId)) {
                return false;
            }
            throw new JobHeldElsewhereException(interactionId);
        }
        Claim claim = new Claim(interactionId, holder, now.plus(lease));
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
        return true;
    }

    /**
     * Marks the job done, when this run still holds its claim. Never throws: the job was answered, so
     * a store failure here is logged and the delivery acknowledged (with {@code completionEager} an
     * exception would escape the EIP's callback, and a redelivery would answer a second time).
     */
    @Override
    public boolean confirm(Exchange exchange, String interactionId) {
        Claim claim = claimOf(exchange, interactionId);
        if (claim == null || !claim.end()) {
            return false; // not this run's, or released already
        }
        try {
            if (ledger.complete(interactionId, claim.holder, clock.instant())) {
                return true;
            }
            LOG.warn("job {} was answered, but its claim had been taken over meanwhile: left for the run that holds it",
                    interactionId);
        } catch (RuntimeException e) {
            LOG.warn("job {} was answered, then failed to be marked done ({}); acknowledged", interactionId, e.toString());
        }
        return false;
    }

    /** Gives this run's claim back after a failure, so that SQS's redelivery can try again; once per run. */
    @Override
    public boolean remove(Exchange exchange, String interactionId) {
        Claim claim = claimOf(exchange, interactionId);
        if (claim == null || !claim.end()) {
            return false;
        }
        try {
            ledger.release(interactionId, claim.holder); // a no-op once the claim is another run's
            return true;
        } catch (RuntimeException e) {
            LOG.warn("could not release job {}; its lease lapses instead: {}", interactionId, e.toString());
            return false;
        }
    }

    /** Whether the job was answered; a job held by an unfinished run is not (yet). */
    @Override
    public boolean contains(String interactionId) {
        return ledger.isDone(interactionId);
    }

    // A claim belongs to the exchange that took it (its holder is a property of that exchange): without
    // one there is nothing to claim, complete or release, only to ask.

    @Override
    public boolean add(String interactionId) {
        throw new UnsupportedOperationException("a job is claimed for an exchange: add(exchange, id)");
    }

    @Override
    public boolean confirm(String interactionId) {
        throw new UnsupportedOperationException("a job is completed by the exchange that claimed it: confirm(exchange, id)");
    }

    @Override
    public boolean remove(String interactionId) {
        throw new UnsupportedOperationException("a job is released by the exchange that claimed it: remove(exchange, id)");
    }

    /** The ledger is every worker's record of answered jobs: one worker does not wipe it. */
    @Override
    public void clear() {
        throw new UnsupportedOperationException("the job ledger is shared by every worker; it is not cleared");
    }

    /**
     * Whether this exchange's run may still answer: asked of the store, or, should the store fail, of
     * the last renewal. False once the claim was lost, completed or released.
     */
    public boolean holds(Exchange exchange) {
        Claim claim = exchange.getProperty(CLAIM, Claim.class);
        return claim != null && claim.held();
    }

    /** Whether this exchange's run claimed its job and has not lost, completed or released it (no store call). */
    public boolean claimed(Exchange exchange) {
        Claim claim = exchange.getProperty(CLAIM, Claim.class);
        return claim != null && !claim.lost && !claim.ended.get();
    }

    private static Claim claimOf(Exchange exchange, String interactionId) {
        Claim claim = exchange.getProperty(CLAIM, Claim.class);
        return claim != null && claim.interactionId.equals(interactionId) ? claim : null;
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
        private final AtomicBoolean ended = new AtomicBoolean();
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
                    storeCalls().execute(() -> {
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
            if (!lost && !ended.get()) { // a renewal racing the run's own complete or release is no loss
                lost = true;
                stopRenewing();
                LOG.warn("job {}: the claim is no longer this run's (its lease lapsed and another delivery took it);"
                        + " this run will not answer", interactionId);
            }
            return false;
        }

        boolean held() {
            if (lost || ended.get()) {
                return false;
            }
            try {
                return renew();
            } catch (RuntimeException e) {
                LOG.warn("job {}: checking the claim failed ({}); its lease runs until {}", interactionId, e, leaseUntil);
                return clock.instant().isBefore(leaseUntil);
            }
        }

        /** Completed or released: no more renewals; true the first time only. */
        boolean end() {
            stopRenewing();
            return ended.compareAndSet(false, true);
        }

        void stopRenewing() {
            ScheduledFuture<?> s = schedule;
            if (s != null) {
                s.cancel(false);
            }
        }
    }

    private synchronized ScheduledExecutorService ticks() {
        if (ticks == null) {
            ticks = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("treant-claim-renewal").factory());
        }
        return ticks;
    }

    private synchronized ExecutorService storeCalls() {
        if (storeCalls == null) {
            storeCalls = Executors.newVirtualThreadPerTaskExecutor();
        }
        return storeCalls;
    }

    @Override
    public void close() {
        stop();
    }

    /** Stops renewing every claim (their leases lapse); a later claim starts the threads again. */
    @Override
    protected synchronized void doStop() {
        if (ticks != null) {
            ticks.shutdownNow();
            ticks = null;
        }
        if (storeCalls != null) {
            storeCalls.shutdownNow();
            storeCalls = null;
        }
    }
}
