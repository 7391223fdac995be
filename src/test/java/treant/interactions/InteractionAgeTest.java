package treant.interactions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InteractionAgeTest {

    static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");
    final InteractionAge age = new InteractionAge(Duration.ofSeconds(3), Clock.fixed(NOW, ZoneOffset.UTC));

    static String snowflakeAt(Instant at) {
        return Long.toString(((at.toEpochMilli() - InteractionAge.DISCORD_EPOCH_MS) << 22) | 4242);
    }

    @Test
    void theIdCarriesTheCreationTime() {
        // Discord's documented example: 175928847299117063 was created at 2016-04-30T11:18:25.796Z
        assertThat(InteractionAge.createdAt("175928847299117063")).isEqualTo(Instant.parse("2016-04-30T11:18:25.796Z"));
    }

    @Test
    void withinDiscordsThreeSecondsItIsAnsweredAfterItIsLeftAlone() {
        assertThat(age.isStale(snowflakeAt(NOW.minusMillis(2999)))).isFalse();
        assertThat(age.isStale(snowflakeAt(NOW.minusMillis(3001)))).isTrue();
        assertThat(age.isStale(snowflakeAt(NOW.plusMillis(500)))).as("clock skew").isFalse();
    }

    @Test
    void anIdThatIsNoSnowflakeIsNothingToAnswer() {
        assertThat(age.isStale(null)).isTrue();
        assertThat(age.isStale("abc")).isTrue();
    }
}
