package treant.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import treant.Json;
import treant.Keys;
import treant.jobs.CommandJob;
import treant.worker.ClaimLostException;
import treant.worker.CommandJobs;
import treant.worker.JobClaims;
import treant.worker.JobHeldElsewhereException;

/**
 * What both stores promise (same tests, run against the H2 file and against DynamoDB on dynalite),
 * and the job claim as the worker's idempotent repository ({@link JobClaims}) uses it on each.
 */
abstract class StoreContractTestBase {

    static final Duration HALF_HOUR = Duration.ofMinutes(30);
    static final Instant T0 = Instant.parse("2026-11-25T20:00:00Z");

    abstract GoldPriceHistory history();

    abstract JobLedger ledger();

    abstract Directory directory();

    abstract RecapLedger recaps();

    abstract VoiceAllowances allowances();

    @Test
    void aDirectoryListIsStoredWholeAndReplaced() {
        Directory d = directory();
        assertThat(d.listing(Directory.REALMS)).as("never stored").isNull();
        List<Directory.Entry> realms = List.of(new Directory.Entry("Dreamscythe", "dreamscythe"),
                new Directory.Entry("Zul'jin — Ünïcode", "zuljin"));
        d.putListing(Directory.REALMS, realms, T0);
        assertThat(d.listing(Directory.REALMS)).isEqualTo(new Directory.Listing(realms, T0));
        assertThat(d.listing(Directory.ROSTER)).as("kinds are apart").isNull();

        List<Directory.Entry> fewer = List.of(new Directory.Entry("Nightslayer", "nightslayer"));
        d.putListing(Directory.REALMS, fewer, T0.plusSeconds(3600));
        assertThat(d.listing(Directory.REALMS)).isEqualTo(new Directory.Listing(fewer, T0.plusSeconds(3600)));
        d.putListing(Directory.ROSTER, List.of(), T0);
        assertThat(d.listing(Directory.ROSTER).entries()).isEmpty();
    }

    @Test
    void recordsAtMostOncePerInterval() {
        GoldPriceHistory h = history();
        assertThat(h.recordIfDue(new BigDecimal("0.00612"), T0, HALF_HOUR)).isTrue();
        assertThat(h.recordIfDue(new BigDecimal("0.00700"), T0.plusSeconds(60), HALF_HOUR)).isFalse();
        assertThat(h.recordIfDue(new BigDecimal("0.00700"), T0.plus(HALF_HOUR).minusMillis(1), HALF_HOUR)).isFalse();
        assertThat(h.recordIfDue(new BigDecimal("0.00650"), T0.plus(HALF_HOUR), HALF_HOUR)).isTrue();
        assertThat(h.latest(24)).containsExactly(
                new PricePoint(T0.plus(HALF_HOUR), new BigDecimal("0.00650")),
                new PricePoint(T0, new BigDecimal("0.00612")));
    }

    @Test
    void racingWorkersRecordOnce() throws Exception {
        GoldPriceHistory h = history();
        int racers = 12;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                Instant at = T0.plusMillis(i);
                Callable<Boolean> race = () -> {
                    start.await();
                    return h.recordIfDue(new BigDecimal("0.006"), at, HALF_HOUR);
                };
                results.add(pool.submit(race));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> r : results) {
                won += r.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
            assertThat(h.latest(24)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void latestIsNewestFirstAndLimited() {
        GoldPriceHistory h = history();
        for (int i = 0; i < 30; i++) {
            assertThat(h.recordIfDue(BigDecimal.valueOf(6000 + i, 6), T0.plus(HALF_HOUR.multipliedBy(i)), HALF_HOUR)).isTrue();
        }
        List<PricePoint> latest = h.latest(24);
        assertThat(latest).hasSize(24);
        assertThat(latest.get(0)).isEqualTo(new PricePoint(T0.plus(HALF_HOUR.multipliedBy(29)), new BigDecimal("0.006029")));
        assertThat(latest).isSortedAccordingTo((a, b) -> b.at().compareTo(a.at()));
    }

    static final Duration LEASE = Duration.ofSeconds(15);

    @Test
    void aJobIsClaimedOnce() {
        JobLedger l = ledger();
        String id = "1318000000000000201";
        assertThat(l.claim(id, "a", T0, LEASE)).isTrue();
        assertThat(l.claim(id, "b", T0.plusSeconds(1), LEASE)).isFalse();
        assertThat(l.isDone(id)).as("held, not yet answered").isFalse();
        assertThat(l.complete(id, "a", T0.plusSeconds(2))).isTrue();
        assertThat(l.isDone(id)).isTrue();
        assertThat(l.claim(id, "b", T0.plus(Duration.ofHours(1)), LEASE)).as("done stays done").isFalse();
        assertThat(l.renew(id, "a", T0.plusSeconds(3), LEASE)).as("a done job has no lease to renew").isFalse();
        assertThat(l.isDone("1318000000000000299")).as("never seen").isFalse();
    }

    @Test
    void aReleasedOrLapsedClaimCanBeRetaken() {
        JobLedger l = ledger();
        String released = "1318000000000000202";
        assertThat(l.claim(released, "a", T0, LEASE)).isTrue();
        l.release(released, "a");
        assertThat(l.claim(released, "b", T0.plusSeconds(1), LEASE)).isTrue();

        String abandoned = "1318000000000000203";
        assertThat(l.claim(abandoned, "a", T0, LEASE)).isTrue();
        assertThat(l.claim(abandoned, "b", T0.plusSeconds(14), LEASE)).as("lease still live").isFalse();
        assertThat(l.claim(abandoned, "b", T0.plusSeconds(15), LEASE)).as("lease lapsed").isTrue();
        assertThat(l.renew(abandoned, "a", T0.plusSeconds(16), LEASE)).as("the old holder lost it").isFalse();
        l.release(abandoned, "a");
        assertThat(l.claim(abandoned, "c", T0.plusSeconds(17), LEASE)).as("a stale holder cannot release it").isFalse();
    }

    @Test
    void aRenewedClaimIsNeverTakenOver() {
        JobLedger l = ledger();
        String id = "1318000000000000205";
        assertThat(l.claim(id, "a", T0, LEASE)).isTrue();
        // a job running for two minutes, renewed every 5 s
        for (int s = 5; s <= 120; s += 5) {
            assertThat(l.renew(id, "a", T0.plusSeconds(s), LEASE)).isTrue();
            assertThat(l.claim(id, "b", T0.plusSeconds(s).plusMillis(1), LEASE)).as("at %d s", s).isFalse();
        }
        assertThat(l.claim(id, "b", T0.plusSeconds(120).plus(LEASE), LEASE)).as("renewals stopped").isTrue();
    }

    @Test
    void onlyTheHoldersRunMarksAJobDone() {
        JobLedger l = ledger();
        String id = "1318000000000000206";
        assertThat(l.claim(id, "a", T0, LEASE)).isTrue();
        assertThat(l.claim(id, "b", T0.plus(LEASE), LEASE)).as("a stalled past its lease: taken over").isTrue();
        assertThat(l.complete(id, "a", T0.plus(LEASE).plusSeconds(1))).as("the stalled run").isFalse();
        assertThat(l.isDone(id)).as("left for the holder").isFalse();
        assertThat(l.renew(id, "b", T0.plus(LEASE).plusSeconds(2), LEASE)).as("still b's").isTrue();
        assertThat(l.complete(id, "b", T0.plus(LEASE).plusSeconds(3))).isTrue();
        assertThat(l.isDone(id)).isTrue();

        String released = "1318000000000000207";
        assertThat(l.claim(released, "a", T0, LEASE)).isTrue();
        l.release(released, "a");
        assertThat(l.complete(released, "a", T0.plusSeconds(1))).as("given up: no longer a's").isFalse();
        assertThat(l.isDone(released)).isFalse();
    }

    // The claim as the worker uses it (JobClaims, the idempotent consumer's repository, and CommandJobs'
    // error path) on this store: a run stalled past its lease (its clock stands still, so its renewals
    // never extend the lease) and the run that took the job over.

    static Exchange delivery(String interactionId) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Keys.JOB, new CommandJob(1, "gold", interactionId, "1318000000000000001", "t",
                "1200000000000000001", "1200000000000000050", "1100000000000000777", 1000, null, null, T0));
        return exchange;
    }

    static JobClaims claimsAt(JobLedger ledger, Instant now) {
        return new JobClaims(ledger, Clock.fixed(now, ZoneOffset.UTC), LEASE.toSeconds());
    }

    static CommandJobs jobs(JobClaims claims) {
        return new CommandJobs(Json.newMapper(), claims, Clock.systemUTC(), 900);
    }

    @Test
    void theIdempotentRepositoryClaimsCompletesAndReleasesOnThisStore() {
        JobLedger l = ledger();
        String id = "1318000000000000212";
        try (JobClaims first = claimsAt(l, T0); JobClaims later = claimsAt(l, T0.plusSeconds(1))) {
            Exchange failing = delivery(id);
            assertThat(first.add(failing, id)).as("a new job: claimed").isTrue();
            assertThatThrownBy(() -> later.add(delivery(id), id)).as("held by a live run: neither new nor a duplicate")
                    .isInstanceOf(JobHeldElsewhereException.class);
            assertThat(first.contains(id)).isFalse();
            assertThat(first.remove(failing, id)).as("removeOnFailure releases it").isTrue();

            Exchange redelivery = delivery(id);
            assertThat(later.add(redelivery, id)).as("released: the redelivery runs it").isTrue();
            assertThat(later.confirm(redelivery, id)).as("confirm marks it done").isTrue();
            assertThat(l.isDone(id)).isTrue();
            assertThat(later.contains(id)).isTrue();
            assertThat(first.add(delivery(id), id)).as("answered: a duplicate").isFalse();
        }
    }

    @Test
    void aRunWhoseJobWasTakenOverNeitherAnswersNorExplainsNorCompletes() {
        JobLedger l = ledger();
        String id = "1318000000000000208";
        try (JobClaims stalled = claimsAt(l, T0); JobClaims takeover = claimsAt(l, T0.plus(LEASE).plusSeconds(1))) {
            Exchange first = delivery(id);
            Exchange second = delivery(id);
            assertThat(stalled.add(first, id)).isTrue();
            assertThat(takeover.add(second, id)).as("a stale lease is retaken").isTrue();

            assertThatThrownBy(() -> jobs(stalled).requireClaim(first)).as("stops before its edit").isInstanceOf(ClaimLostException.class);
            first.setProperty(Exchange.EXCEPTION_CAUGHT, new ClaimLostException(id));
            assertThat(jobs(stalled).explainFailure(first)).as("no error message over the other run's answer").isNull();
            stalled.confirm(first, id);
            stalled.remove(first, id);
            assertThat(l.isDone(id)).as("not marked done by the run that lost it").isFalse();

            jobs(takeover).requireClaim(second); // the holder answers
            assertThat(takeover.confirm(second, id)).isTrue();
            assertThat(l.isDone(id)).isTrue();
        }
    }

    @Test
    void aRunThatNeverHeldTheClaimSetsNoErrorMessage() {
        JobLedger l = ledger();
        String id = "1318000000000000209";
        try (JobClaims holder = claimsAt(l, T0); JobClaims duplicate = claimsAt(l, T0.plusSeconds(1))) {
            Exchange answered = delivery(id);
            assertThat(holder.add(answered, id)).isTrue();
            Exchange late = delivery(id);
            assertThatThrownBy(() -> duplicate.add(late, id)).isInstanceOf(JobHeldElsewhereException.class);
            // the duplicate delivery failing for another reason (its claim step failed, a store blip)
            late.setProperty(Exchange.EXCEPTION_CAUGHT, new StoreException("claiming job " + id + " failed", null));
            assertThat(jobs(duplicate).explainFailure(late)).isNull();
            jobs(duplicate).release(late);
            assertThat(duplicate.remove(late, id)).as("nothing of its own to release").isFalse();
            jobs(holder).requireClaim(answered);
            assertThat(holder.confirm(answered, id)).isTrue();
            assertThat(l.isDone(id)).isTrue();
        }
    }

    /** This store, but renewing one job takes {@code stallMs} (a slow or stuck call). */
    static JobLedger renewingSlowly(JobLedger l, String slowJob, long stallMs, List<String> renewed) {
        return new JobLedger() {
            public boolean claim(String id, String holder, Instant now, Duration lease) {
                return l.claim(id, holder, now, lease);
            }
            public boolean renew(String id, String holder, Instant now, Duration lease) {
                if (id.equals(slowJob)) {
                    try {
                        Thread.sleep(stallMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                renewed.add(id);
                return l.renew(id, holder, now, lease);
            }
            public boolean isDone(String id) {
                return l.isDone(id);
            }
            public boolean complete(String id, String holder, Instant now) {
                return l.complete(id, holder, now);
            }
            public void release(String id, String holder) {
                l.release(id, holder);
            }
        };
    }

    @Test
    void oneSlowRenewalDoesNotStarveTheOtherJobsRenewals() throws Exception {
        String slow = "1318000000000000210";
        String other = "1318000000000000211";
        List<String> renewed = new CopyOnWriteArrayList<>();
        // a 2 s lease, renewed every 667 ms; renewing the slow job takes 6 s
        try (JobClaims claims = new JobClaims(renewingSlowly(ledger(), slow, 6_000, renewed), Clock.systemUTC(), 2)) {
            assertThat(claims.add(delivery(slow), slow)).isTrue();
            assertThat(claims.add(delivery(other), other)).isTrue();
            Thread.sleep(4_000); // two leases
            assertThat(ledger().claim(other, "another-worker", Instant.now(), Duration.ofSeconds(2)))
                    .as("the other job's lease was kept alive").isFalse();
            assertThat(renewed).filteredOn(other::equals).hasSizeGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void concurrentDeliveriesOfOneJobClaimOnce() throws Exception {
        JobLedger l = ledger();
        String id = "1318000000000000204";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return l.claim(id, "holder-" + Thread.currentThread().threadId(), T0, LEASE);
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> r : results) {
                won += r.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    static final Duration POST_LEASE = Duration.ofMinutes(10);

    @Test
    void aReportStaysUnchangedSinceTheFirstSightingOfItsEndTime() {
        RecapLedger r = recaps();
        String code = "a1B2c3D4e5F6g7H8";
        long end = T0.toEpochMilli();
        assertThat(r.sight(code, end, T0)).isEqualTo(new RecapLedger.Sighting(end, T0, false));
        assertThat(r.sight(code, end, T0.plusSeconds(600))).as("the same end time: still quiet since T0")
                .isEqualTo(new RecapLedger.Sighting(end, T0, false));
        // the live log grew: its quiet period starts again
        assertThat(r.sight(code, end + 60_000, T0.plusSeconds(1200)))
                .isEqualTo(new RecapLedger.Sighting(end + 60_000, T0.plusSeconds(1200), false));
        assertThat(r.sight("Zz9Yy8Xx7Ww6Vv5U", end, T0.plusSeconds(1200)).unchangedSince()).as("reports are apart")
                .isEqualTo(T0.plusSeconds(1200));
    }

    @Test
    void aRecapIsPostedOnce() {
        RecapLedger r = recaps();
        String code = "a1B2c3D4e5F6g7H9";
        assertThat(r.claimPost(code, "a", T0, POST_LEASE)).as("never seen: nothing to post").isFalse();
        r.sight(code, 1000, T0);
        assertThat(r.claimPost(code, "a", T0, POST_LEASE)).isTrue();
        assertThat(r.claimPost(code, "b", T0.plusSeconds(1), POST_LEASE)).as("a live claim").isFalse();
        r.posted(code, T0.plusSeconds(2));
        assertThat(r.sight(code, 1000, T0.plusSeconds(3)).posted()).isTrue();
        assertThat(r.claimPost(code, "b", T0.plus(Duration.ofHours(2)), POST_LEASE)).as("posted stays posted").isFalse();
        // a report that grows after its recap went out is not posted again
        assertThat(r.sight(code, 2000, T0.plus(Duration.ofHours(3))).posted()).isTrue();
        assertThat(r.claimPost(code, "c", T0.plus(Duration.ofHours(4)), POST_LEASE)).isFalse();
    }

    @Test
    void aReleasedOrLapsedPostCanBeRetaken() {
        RecapLedger r = recaps();
        String released = "a1B2c3D4e5F6g7H0";
        r.sight(released, 1000, T0);
        assertThat(r.claimPost(released, "a", T0, POST_LEASE)).isTrue();
        r.releasePost(released, "a");
        assertThat(r.claimPost(released, "b", T0.plusSeconds(1), POST_LEASE)).isTrue();

        String abandoned = "a1B2c3D4e5F6g7H1";
        r.sight(abandoned, 1000, T0);
        assertThat(r.claimPost(abandoned, "a", T0, POST_LEASE)).isTrue();
        assertThat(r.claimPost(abandoned, "b", T0.plus(POST_LEASE).minusSeconds(1), POST_LEASE)).as("lease still live").isFalse();
        assertThat(r.claimPost(abandoned, "b", T0.plus(POST_LEASE), POST_LEASE)).as("lease lapsed").isTrue();
        r.releasePost(abandoned, "a");
        assertThat(r.claimPost(abandoned, "c", T0.plus(POST_LEASE).plusSeconds(1), POST_LEASE))
                .as("a stale holder cannot release it").isFalse();
    }

    @Test
    void racingWorkersClaimARecapOnce() throws Exception {
        RecapLedger r = recaps();
        String code = "a1B2c3D4e5F6g7H2";
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String holder = "worker-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    r.sight(code, 1000, T0);
                    return r.claimPost(code, holder, T0, POST_LEASE);
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> f : results) {
                won += f.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    static final VoiceAllowances.Allowance THREE_PER_TEN = new VoiceAllowances.Allowance(3, Duration.ofSeconds(10));
    static final String USER = "1100000000000000777";

    @Test
    void aVoiceAllowanceIsABurstThenOneJobPerRefill() {
        VoiceAllowances a = allowances();
        for (int i = 0; i < 3; i++) {
            assertThat(a.takeVoiceJob(USER, T0.plusMillis(i), THREE_PER_TEN)).as("job %d of the burst", i + 1).isZero();
        }
        assertThat(a.takeVoiceJob(USER, T0.plusSeconds(1), THREE_PER_TEN)).as("wait for one refill").isEqualTo(9_000);
        assertThat(a.takeVoiceJob(USER, T0.plusSeconds(4), THREE_PER_TEN)).as("a refused job takes nothing").isEqualTo(6_000);
        assertThat(a.takeVoiceJob("1100000000000000888", T0.plusSeconds(4), THREE_PER_TEN)).as("another user").isZero();
        assertThat(a.takeVoiceJob(USER, T0.plusSeconds(10), THREE_PER_TEN)).as("one refilled").isZero();
        assertThat(a.takeVoiceJob(USER, T0.plusSeconds(10), THREE_PER_TEN)).isEqualTo(10_000);
        // quiet for a while: the whole burst again, never more
        for (int i = 0; i < 3; i++) {
            assertThat(a.takeVoiceJob(USER, T0.plusSeconds(300), THREE_PER_TEN)).isZero();
        }
        assertThat(a.takeVoiceJob(USER, T0.plusSeconds(300), THREE_PER_TEN)).isPositive();
    }

    @Test
    void racingTakesOfOneUserNeverExceedTheBurst() throws Exception {
        VoiceAllowances a = allowances();
        int racers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return a.takeVoiceJob(USER, T0, THREE_PER_TEN);
                }));
            }
            start.countDown();
            int taken = 0;
            for (Future<Long> r : results) {
                taken += r.get() == 0 ? 1 : 0;
            }
            assertThat(taken).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }
}
