package treant.recap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import treant.Json;
import treant.Keys;
import treant.store.EmbeddedStore;

/** Which of the guild's reports a poll claims: recent, unchanged for the settle time, not posted. */
class AutoRecapTest {

    static final Instant RAID_END = Instant.ofEpochMilli(1_795_575_610_000L); // the Karazhan fixture's endTime

    /** A clock the test moves. */
    static final class Hands extends Clock {
        Instant now;

        Hands(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final Hands clock = new Hands(RAID_END.plusSeconds(60));
    EmbeddedStore store;
    AutoRecap auto;
    final DefaultCamelContext camel = new DefaultCamelContext();

    @BeforeEach
    void open() throws Exception {
        store = new EmbeddedStore(Files.createTempDirectory("treant-recap").resolve("treant").toString());
        WarcraftLogs wcl = new WarcraftLogs("id", "secret", "https://fresh.warcraftlogs.com/api/v2/client", "Grove Wardens",
                "dreamscythe", 5, Json.newMapper(), clock);
        auto = new AutoRecap(wcl, store, "bot-token", 1200000000000000060L, 30, 24, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static RaidReport.Listed report(String code, Instant end) {
        return new RaidReport.Listed(code, "Kara Tuesday", end.minus(Duration.ofHours(2)).toEpochMilli(), end.toEpochMilli(),
                new RaidReport.Zone("Karazhan"));
    }

    @SuppressWarnings("unchecked")
    List<String> poll(RaidReport.Listed... reports) {
        Exchange e = new DefaultExchange(camel);
        e.getMessage().setBody(List.of(reports));
        auto.claimDue(e);
        return e.getMessage().getBody(List.class);
    }

    @Test
    void aReportIsClaimedOnceItHasNotChangedForTheSettleTime() {
        RaidReport.Listed kara = report("a1B2c3D4e5F6g7H8", RAID_END);
        assertThat(poll(kara)).as("first seen: its quiet period starts now").isEmpty();
        clock.now = clock.now.plus(Duration.ofMinutes(29));
        assertThat(poll(kara)).isEmpty();
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertThat(poll(kara)).containsExactly("a1B2c3D4e5F6g7H8");
        assertThat(poll(kara)).as("claimed by that poll").isEmpty();
    }

    @Test
    void aLiveLogThatKeepsGrowingIsNotPostedUntilItStops() {
        Instant end = RAID_END;
        for (int i = 0; i < 6; i++) {
            end = end.plus(Duration.ofMinutes(10));
            clock.now = end.plusSeconds(30);
            assertThat(poll(report("a1B2c3D4e5F6g7H8", end))).as("still logging, poll %d", i).isEmpty();
        }
        clock.now = clock.now.plus(Duration.ofMinutes(30));
        assertThat(poll(report("a1B2c3D4e5F6g7H8", end))).containsExactly("a1B2c3D4e5F6g7H8");
    }

    @Test
    void aPostedReportIsNeverClaimedAgainAndAReleasedOneIs() {
        AutoRecap immediate = new AutoRecap(new WarcraftLogs("id", "secret", "https://fresh.warcraftlogs.com/api/v2/client",
                "Grove Wardens", "dreamscythe", 5, Json.newMapper(), clock), store, "bot-token", "1200000000000000060", 0, 24, clock);
        auto = immediate;
        RaidReport.Listed kara = report("a1B2c3D4e5F6g7H8", RAID_END);
        RaidReport.Listed gruul = report("Hh7Gg6Ff5Ee4Dd3C", RAID_END.minusSeconds(3600));
        Exchange e = new DefaultExchange(camel);
        e.getMessage().setBody(List.of(kara, gruul));
        immediate.claimDue(e);
        assertThat(e.getMessage().getBody(List.class)).containsExactly("a1B2c3D4e5F6g7H8", "Hh7Gg6Ff5Ee4Dd3C");

        e.setProperty(Keys.REPORT_CODE, "a1B2c3D4e5F6g7H8");
        immediate.posted(e);
        e.setProperty(Keys.REPORT_CODE, "Hh7Gg6Ff5Ee4Dd3C");
        immediate.release(e); // its post failed
        assertThat(poll(kara, gruul)).containsExactly("Hh7Gg6Ff5Ee4Dd3C");
    }

    @Test
    void reportsOlderThanTheMaximumAgeAreLeftAlone() {
        clock.now = RAID_END.plus(Duration.ofHours(24)).plusSeconds(1);
        RaidReport.Listed old = report("a1B2c3D4e5F6g7H8", RAID_END);
        assertThat(poll(old)).isEmpty();
        clock.now = clock.now.plus(Duration.ofHours(1));
        assertThat(poll(old)).as("never: turning the recap on posts no history").isEmpty();
        assertThat(store.sight("a1B2c3D4e5F6g7H8", RAID_END.toEpochMilli(), clock.now).unchangedSince())
                .as("not even recorded before").isEqualTo(clock.now);
    }

    @Test
    void itIsOnOnlyWithCredentialsGuildChannelAndBotToken() {
        WarcraftLogs noGuild = new WarcraftLogs("id", "secret", "https://fresh.warcraftlogs.com/api/v2/client", "",
                "dreamscythe", 5, Json.newMapper(), clock);
        WarcraftLogs noClient = new WarcraftLogs("", "", "https://fresh.warcraftlogs.com/api/v2/client", "Grove Wardens",
                "dreamscythe", 5, Json.newMapper(), clock);
        assertThat(auto.isOn()).isTrue();
        assertThat(new AutoRecap(noGuild, store, "bot-token", "1", 30, 24, clock).isOn()).isFalse();
        assertThat(new AutoRecap(noClient, store, "bot-token", "1", 30, 24, clock).isOn()).isFalse();
        assertThat(new AutoRecap(noGuild, store, "bot-token", "", 30, 24, clock).isOn()).isFalse();
        assertThat(auto.shouldPoll(new DefaultExchange(camel))).isTrue();
        assertThat(new AutoRecap(noClient, store, "", "1", 30, 24, clock).shouldPoll(new DefaultExchange(camel))).isFalse();
    }
}
