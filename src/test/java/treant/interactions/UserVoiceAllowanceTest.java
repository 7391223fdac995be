package treant.interactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import treant.Keys;
import treant.discord.InteractionResponse;
import treant.jobs.VoiceJob;
import treant.store.VoiceAllowances;
import treant.testing.LogLines;

/** The api's side of the voice allowance: the deprecated setting, and a store that fails or stalls. */
class UserVoiceAllowanceTest {

    static final Instant T0 = Instant.parse("2026-12-03T20:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    static Exchange speak() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Keys.COMMAND, "speak");
        exchange.setProperty(Keys.REPLY, InteractionResponse.message("🗣️ …"));
        exchange.getMessage().setBody(VoiceJob.of("1200000000000000001", "1100000000000000777", "hello", "1318000000000000204", T0));
        return exchange;
    }

    @Test
    void theDeprecatedCooldownStillDecidesAsABurstOfOneAndSaysSoOnceAtStartUp() {
        List<VoiceAllowances.Allowance> asked = new ArrayList<>();
        VoiceAllowances store = (user, now, allowance) -> {
            asked.add(allowance);
            return asked.size() == 1 ? 0 : 4_000;
        };
        UserVoiceAllowance check = UserVoiceAllowance.of(store, 3, 10, 5, 800, CLOCK);
        try (LogLines log = LogLines.of(UserVoiceAllowance.class)) {
            check.logSetup();
            assertThat(log.lines()).singleElement().satisfies(line -> assertThat(line).startsWith("WARN")
                    .contains("treant.tts.user-cooldown-seconds").contains("deprecated")
                    .contains("treant.voice.user-burst = 1").contains("treant.voice.user-refill-seconds = 5"));
        }
        check.process(speak());
        assertThatThrownBy(() -> check.process(speak())).isInstanceOf(InvalidOptions.class).hasMessage(
                "🐢 Slow down: I can speak for you again in 4 s.");
        assertThat(asked).allMatch(a -> a.burst() == 1 && a.refill().toSeconds() == 5);
    }

    @Test
    void withoutTheDeprecatedSettingNothingIsSaid() {
        try (LogLines log = LogLines.of(UserVoiceAllowance.class)) {
            UserVoiceAllowance.of((user, now, allowance) -> 0, 3, 10, -1, 800, CLOCK).logSetup();
            assertThat(log.lines()).isEmpty();
        }
    }

    @Test
    void aFailingOrSilentStoreLetsTheJobThroughWithAWarning() {
        VoiceAllowances failing = (user, now, allowance) -> {
            throw new treant.store.StoreException("DynamoDB is down", null);
        };
        VoiceAllowances silent = (user, now, allowance) -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 10_000;
        };
        try (LogLines log = LogLines.of(UserVoiceAllowance.class)) {
            for (VoiceAllowances store : List.of(failing, silent)) {
                Exchange exchange = speak();
                long start = System.nanoTime();
                UserVoiceAllowance.of(store, 3, 10, -1, 200, CLOCK).process(exchange);
                assertThat((System.nanoTime() - start) / 1_000_000).as("waited (ms)").isLessThan(2_000);
                assertThat(exchange.getMessage().getBody()).as("the job goes on").isInstanceOf(VoiceJob.class);
            }
            assertThat(log.lines()).hasSize(2).allMatch(l -> l.startsWith("WARN") && l.contains("goes through"));
            assertThat(log.lines().get(1)).contains("200 ms");
        }
    }
}
