package treant.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What both stores promise (same tests, run against the H2 file and against DynamoDB on dynalite). */
abstract class StoreContractTestBase {

    static final Duration HALF_HOUR = Duration.ofMinutes(30);
    static final Instant T0 = Instant.parse("2026-11-25T20:00:00Z");

    abstract GoldPriceHistory history();

    abstract JobLedger ledger();

    abstract Directory directory();

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
        l.complete(id, T0.plusSeconds(2));
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
