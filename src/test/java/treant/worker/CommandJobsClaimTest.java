package treant.worker;

import treant.Keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import treant.Json;
import treant.jobs.CommandJob;
import treant.store.JobLedger;
import treant.store.StoreException;
import treant.testing.LogLines;

/**
 * The claim as the idempotent consumer's repository ({@link JobClaims}): the three outcomes of a
 * delivery's {@code add} (take the job, a duplicate of an answered one, leave a held one to SQS), the
 * lease (renewed while the job runs, no longer once it has ended), {@code confirm} (done; a store
 * failure logged, never thrown) and {@code remove} (released once), and the error path of {@link CommandJobs}.
 */
class CommandJobsClaimTest {

    static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");
    static final String ID = "1318000000000000201";

    static class Ledger implements JobLedger {
        final boolean claims;
        final boolean done;
        final List<String> renewals = new CopyOnWriteArrayList<>();
        final List<String> released = new CopyOnWriteArrayList<>();
        final List<String> completed = new CopyOnWriteArrayList<>();
        RuntimeException completeFails;
        String holder;

        Ledger(boolean claims, boolean done) {
            this.claims = claims;
            this.done = done;
        }

        public boolean claim(String id, String holder, Instant now, Duration lease) {
            this.holder = holder;
            return claims;
        }
        public boolean renew(String id, String holder, Instant now, Duration lease) {
            renewals.add(holder);
            return true;
        }
        public boolean isDone(String id) { return done; }
        public boolean complete(String id, String holder, Instant now) {
            if (completeFails != null) {
                throw completeFails;
            }
            completed.add(holder);
            return true;
        }
        public void release(String id, String holder) { released.add(holder); }
    }

    /** A lease of 1 s: renewed every ~333 ms. */
    static JobClaims claims(JobLedger ledger) {
        return new JobClaims(ledger, Clock.fixed(NOW, ZoneOffset.UTC), 1);
    }

    static Exchange job() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Keys.JOB, new CommandJob(1, "gold", ID, "1", "t", "g", "c", "u", 1000, null, null, NOW));
        return exchange;
    }

    @Test
    void aFreeJobIsTaken() {
        try (JobClaims claims = claims(new Ledger(true, false))) {
            Exchange exchange = job();
            assertThat(claims.add(exchange, ID)).isTrue();
            assertThat(claims.claimed(exchange)).isTrue();
        }
    }

    @Test
    void anAnsweredJobIsADuplicateToDrop() {
        try (JobClaims claims = claims(new Ledger(false, true))) {
            Exchange exchange = job();
            assertThat(claims.add(exchange, ID)).isFalse();
            assertThat(claims.claimed(exchange)).isFalse();
            assertThat(claims.contains(ID)).isTrue();
        }
    }

    @Test
    void aJobHeldByAnUnfinishedRunIsLeftForRedeliveryNotDropped() {
        try (JobClaims claims = claims(new Ledger(false, false))) {
            assertThatThrownBy(() -> claims.add(job(), ID)).isInstanceOf(JobHeldElsewhereException.class);
            assertThat(claims.contains(ID)).as("held is not answered").isFalse();
        }
    }

    @Test
    void theLeaseIsRenewedWhileTheJobRunsAndNoLongerOnceItIsDone() throws Exception {
        Ledger ledger = new Ledger(true, false);
        try (JobClaims claims = claims(ledger)) {
            Exchange exchange = job();
            claims.add(exchange, ID);
            Thread.sleep(1_200); // a job outliving its 1 s lease
            assertThat(ledger.renewals).as("renewed by the holder that claimed").hasSizeGreaterThanOrEqualTo(2)
                    .containsOnly(ledger.holder);
            assertThat(claims.confirm(exchange, ID)).isTrue();
            assertThat(ledger.completed).containsExactly(ledger.holder);
            int renewed = ledger.renewals.size();
            Thread.sleep(700);
            assertThat(ledger.renewals).as("no renewal after the job was marked done").hasSize(renewed);
            assertThat(claims.remove(exchange, ID)).as("done: nothing left to release").isFalse();
            assertThat(ledger.released).isEmpty();
        }
    }

    @Test
    void answeredButNotMarkedDoneIsLoggedNotThrown() {
        Ledger ledger = new Ledger(true, false);
        ledger.completeFails = new StoreException("completing job " + ID + " failed", null);
        try (JobClaims claims = claims(ledger); LogLines log = LogLines.of(JobClaims.class)) {
            Exchange exchange = job();
            claims.add(exchange, ID);
            assertThat(claims.confirm(exchange, ID)).isFalse();
            assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains(ID)
                    && l.contains("was answered, then failed to be marked done") && l.contains("acknowledged"));
            assertThat(claims.claimed(exchange)).as("ended: no error message over the answer").isFalse();
        }
    }

    @Test
    void aFailedJobStopsRenewingAndReleasesItsOwnClaimOnce() throws Exception {
        Ledger ledger = new Ledger(true, false);
        try (JobClaims claims = claims(ledger)) {
            CommandJobs jobs = new CommandJobs(Json.newMapper(), claims, Clock.fixed(NOW, ZoneOffset.UTC), 900);
            Exchange exchange = job();
            claims.add(exchange, ID);
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("boom"));
            assertThat(jobs.explainFailure(exchange)).as("the holder explains")
                    .isEqualTo(treant.discord.MessageEdit.text(WorkerTexts.JOB_FAILED));
            jobs.release(exchange); // worker-errors, after the error edit
            assertThat(claims.remove(exchange, ID)).as("the EIP's removeOnFailure: already released").isFalse();
            assertThat(ledger.released).containsExactly(ledger.holder);
            assertThat(claims.confirm(exchange, ID)).as("released: not marked done").isFalse();
            assertThat(ledger.completed).isEmpty();
            int renewed = ledger.renewals.size();
            Thread.sleep(700);
            assertThat(ledger.renewals).hasSize(renewed);
        }
    }

    @Test
    void anExchangeThatEndsAnotherWayStopsRenewing() throws Exception {
        Ledger ledger = new Ledger(true, false);
        try (JobClaims claims = claims(ledger)) {
            Exchange exchange = job();
            claims.add(exchange, ID);
            // the end of the exchange's unit of work (a stop, an unexpected error): its completions run
            exchange.getExchangeExtension().handoverCompletions().forEach(s -> s.onComplete(exchange));
            int renewed = ledger.renewals.size();
            Thread.sleep(700);
            assertThat(ledger.renewals).hasSize(renewed);
        }
    }

    @Test
    void withoutTheExchangeThereIsNoHolderToClaimFor() {
        try (JobClaims claims = claims(new Ledger(true, false))) {
            assertThatThrownBy(() -> claims.add(ID)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(claims::clear).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
