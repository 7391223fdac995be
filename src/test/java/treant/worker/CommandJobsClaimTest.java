package treant.worker;

import treant.Keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import treant.Json;
import treant.jobs.CommandJob;
import treant.store.JobLedger;

/** The three outcomes of a delivery's claim: take the job, drop an answered one, leave a held one to SQS. */
class CommandJobsClaimTest {

    static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");

    record Ledger(boolean claims, boolean done) implements JobLedger {
        public boolean claim(String id, Instant now, Duration staleAfter) { return claims; }
        public boolean isDone(String id) { return done; }
        public void complete(String id, Instant now) { }
        public void release(String id) { }
    }

    Exchange delivery(JobLedger ledger) {
        CommandJobs jobs = new CommandJobs(Json.newMapper(), ledger, Clock.fixed(NOW, ZoneOffset.UTC),
                900, 300);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Keys.JOB, new CommandJob(1, "gold", "1318000000000000201", "1", "t", "g", "c", "u",
                1000, null, null, NOW));
        jobs.claim(exchange);
        return exchange;
    }

    @Test
    void aFreeJobIsTaken() {
        assertThat(delivery(new Ledger(true, false)).getProperty(Keys.JOB_CLAIMED, Boolean.class)).isTrue();
    }

    @Test
    void anAnsweredJobIsADuplicateToDrop() {
        assertThat(delivery(new Ledger(false, true)).getProperty(Keys.JOB_CLAIMED, Boolean.class)).isFalse();
    }

    @Test
    void aJobHeldByAnUnfinishedRunIsLeftForRedeliveryNotDropped() {
        assertThatThrownBy(() -> delivery(new Ledger(false, false))).isInstanceOf(JobHeldElsewhereException.class);
    }
}
