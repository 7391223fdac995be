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

/**
 * The three outcomes of a delivery's claim (take the job, drop an answered one, leave a held one
 * to SQS), and the lease: renewed while the job runs, no longer once it has ended.
 */
class CommandJobsClaimTest {

    static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");

    static class Ledger implements JobLedger {
        final boolean claims;
        final boolean done;
        final List<String> renewals = new CopyOnWriteArrayList<>();
        final List<String> released = new CopyOnWriteArrayList<>();
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
        public boolean complete(String id, String holder, Instant now) { return true; }
        public void release(String id, String holder) { released.add(holder); }
    }

    /** A lease of 1 s: renewed every ~333 ms. */
    static CommandJobs jobs(JobLedger ledger) {
        return new CommandJobs(Json.newMapper(), ledger, Clock.fixed(NOW, ZoneOffset.UTC), 900, 1);
    }

    static Exchange delivery(CommandJobs jobs) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Keys.JOB, new CommandJob(1, "gold", "1318000000000000201", "1", "t", "g", "c", "u",
                1000, null, null, NOW));
        jobs.claim(exchange);
        return exchange;
    }

    @Test
    void aFreeJobIsTaken() {
        try (CommandJobs jobs = jobs(new Ledger(true, false))) {
            assertThat(delivery(jobs).getProperty(Keys.JOB_CLAIMED, Boolean.class)).isTrue();
        }
    }

    @Test
    void anAnsweredJobIsADuplicateToDrop() {
        try (CommandJobs jobs = jobs(new Ledger(false, true))) {
            assertThat(delivery(jobs).getProperty(Keys.JOB_CLAIMED, Boolean.class)).isFalse();
        }
    }

    @Test
    void aJobHeldByAnUnfinishedRunIsLeftForRedeliveryNotDropped() {
        try (CommandJobs jobs = jobs(new Ledger(false, false))) {
            assertThatThrownBy(() -> delivery(jobs)).isInstanceOf(JobHeldElsewhereException.class);
        }
    }

    @Test
    void theLeaseIsRenewedWhileTheJobRunsAndNoLongerOnceItIsDone() throws Exception {
        Ledger ledger = new Ledger(true, false);
        try (CommandJobs jobs = jobs(ledger)) {
            Exchange exchange = delivery(jobs);
            Thread.sleep(1_200); // a job outliving its 1 s lease
            assertThat(ledger.renewals).as("renewed by the holder that claimed").hasSizeGreaterThanOrEqualTo(2)
                    .containsOnly(ledger.holder);
            jobs.complete(exchange);
            int renewed = ledger.renewals.size();
            Thread.sleep(700);
            assertThat(ledger.renewals).as("no renewal after the job was marked done").hasSize(renewed);
        }
    }

    @Test
    void aFailedJobStopsRenewingAndReleasesItsOwnClaim() throws Exception {
        Ledger ledger = new Ledger(true, false);
        try (CommandJobs jobs = jobs(ledger)) {
            Exchange exchange = delivery(jobs);
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("boom"));
            jobs.explainFailure(exchange);
            assertThat(exchange.getProperty(Keys.EDIT)).as("the holder explains").isNotNull();
            jobs.release(exchange);
            assertThat(ledger.released).containsExactly(ledger.holder);
            int renewed = ledger.renewals.size();
            Thread.sleep(700);
            assertThat(ledger.renewals).hasSize(renewed);
        }
    }

    @Test
    void anExchangeThatEndsAnotherWayStopsRenewing() throws Exception {
        Ledger ledger = new Ledger(true, false);
        try (CommandJobs jobs = jobs(ledger)) {
            Exchange exchange = delivery(jobs);
            // the end of the exchange's unit of work (a stop, an unexpected error): its completions run
            exchange.getExchangeExtension().handoverCompletions().forEach(s -> s.onComplete(exchange));
            int renewed = ledger.renewals.size();
            Thread.sleep(700);
            assertThat(ledger.renewals).hasSize(renewed);
        }
    }
}
