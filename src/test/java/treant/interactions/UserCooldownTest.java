package treant.interactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import treant.jobs.VoiceJob;

/** One voice job per user per cooldown; other users are not held back. */
class UserCooldownTest {

    static final Instant T0 = Instant.parse("2026-12-03T20:00:00Z");

    static final class Ticking extends Clock {
        Instant now = T0;
        public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        public Clock withZone(java.time.ZoneId zone) { return this; }
        public Instant instant() { return now; }
    }

    static Exchange voiceJobOf(String user) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(VoiceJob.of("g", user, "hello", "i-" + user, T0));
        return exchange;
    }

    @Test
    void aUserSpeakingAgainTooSoonIsAskedToSlowDownAndOthersAreNot() {
        Ticking clock = new Ticking();
        UserCooldown cooldown = new UserCooldown(5, clock);
        cooldown.process(voiceJobOf("alice"));

        clock.now = T0.plusSeconds(2);
        assertThatThrownBy(() -> cooldown.process(voiceJobOf("alice"))).isInstanceOf(InvalidOptions.class)
                .hasMessageContaining("Slow down").hasMessageContaining("3 s");
        assertThatCode(() -> cooldown.process(voiceJobOf("bob"))).doesNotThrowAnyException();

        // a refused attempt does not restart the wait
        clock.now = T0.plus(Duration.ofSeconds(5));
        assertThatCode(() -> cooldown.process(voiceJobOf("alice"))).doesNotThrowAnyException();
    }

    @Test
    void zeroTurnsItOff() {
        UserCooldown cooldown = new UserCooldown(0, new Ticking());
        cooldown.process(voiceJobOf("alice"));
        assertThatCode(() -> cooldown.process(voiceJobOf("alice"))).doesNotThrowAnyException();
    }

    @Test
    void noJobNoCooldown() {
        Exchange pun = new DefaultExchange(new DefaultCamelContext()); // a pun in a DM enqueues nothing
        assertThatCode(() -> new UserCooldown(5, new Ticking()).process(pun)).doesNotThrowAnyException();
        assertThat(pun.getMessage().getBody()).isNull();
    }
}
