package treant.interactions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import treant.discord.DiscordClock;
import treant.testing.LogLines;

class InteractionAgeTest {

    /** Discord's time: a whole second, as its Date header says it. */
    static final Instant DISCORD_NOW = Instant.parse("2026-11-25T20:00:00Z");

    static String snowflakeAt(Instant at) {
        return Long.toString(((at.toEpochMilli() - InteractionAge.DISCORD_EPOCH_MS) << 22) | 4242);
    }

    static String dateHeader(Instant at) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    /** An age check on a machine whose clock is {@code skew} off Discord's, after one Discord answer. */
    static InteractionAge onAClockOffBy(Duration skew) {
        DiscordClock discord = new DiscordClock(Clock.fixed(DISCORD_NOW.plus(skew), ZoneOffset.UTC));
        discord.observe(dateHeader(DISCORD_NOW));
        return new InteractionAge(Duration.ofSeconds(3), discord);
    }

    @Test
    void theIdCarriesTheCreationTime() {
        // Discord's documented example: 175928847299117063 was created at 2016-04-30T11:18:25.796Z
        assertThat(InteractionAge.createdAt("175928847299117063")).isEqualTo(Instant.parse("2016-04-30T11:18:25.796Z"));
    }

    @Test
    void withinDiscordsThreeSecondsItIsAnsweredAfterItIsLeftAlone() {
        InteractionAge age = onAClockOffBy(Duration.ZERO);
        assertThat(age.isStale(snowflakeAt(DISCORD_NOW.minusMillis(2999)))).isFalse();
        assertThat(age.isStale(snowflakeAt(DISCORD_NOW.minusMillis(3001)))).isTrue();
        assertThat(age.isStale(snowflakeAt(DISCORD_NOW.plusMillis(500)))).as("from the future").isFalse();
    }

    @Test
    void aClockSecondsFastOrSlowNeitherDropsAFreshInteractionNorKeepsAReplay() {
        for (Duration skew : new Duration[] {Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofSeconds(-3),
                Duration.ofMinutes(-10)}) {
            InteractionAge age = onAClockOffBy(skew);
            assertThat(age.isStale(snowflakeAt(DISCORD_NOW.minusMillis(100)))).as("fresh, local clock off by %s", skew).isFalse();
            assertThat(age.isStale(snowflakeAt(DISCORD_NOW.minusSeconds(10)))).as("a replay, local clock off by %s", skew).isTrue();
        }
    }

    @Test
    void beforeDiscordHasAnsweredNothingIsTooOld() {
        InteractionAge age = new InteractionAge(Duration.ofSeconds(3), new DiscordClock(Clock.systemUTC()));
        assertThat(age.isStale(snowflakeAt(Instant.now().minusSeconds(60)))).isFalse();
    }

    @Test
    void aLargeOffsetIsLoggedOnceWithItsSize() {
        Clock fast = Clock.fixed(DISCORD_NOW.plusSeconds(3).plusMillis(500), ZoneOffset.UTC);
        DiscordClock discord = new DiscordClock(fast);
        try (LogLines log = LogLines.of(DiscordClock.class)) {
            discord.observe(dateHeader(DISCORD_NOW));
            discord.observe(dateHeader(DISCORD_NOW));
            discord.observe("not a date");
            assertThat(log.lines()).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("WARN").contains("about 3.0 s ahead of Discord's"));
        }
        try (LogLines log = LogLines.of(DiscordClock.class)) {
            new DiscordClock(Clock.fixed(DISCORD_NOW.plusMillis(700), ZoneOffset.UTC)).observe(dateHeader(DISCORD_NOW));
            assertThat(log.lines()).as("Date's own rounding is no news").isEmpty();
        }
    }

    @Test
    void anIdThatIsNoSnowflakeIsNothingToAnswer() {
        InteractionAge age = onAClockOffBy(Duration.ZERO);
        assertThat(age.isStale(null)).isTrue();
        assertThat(age.isStale("abc")).isTrue();
    }
}
