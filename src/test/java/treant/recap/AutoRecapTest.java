package treant.recap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import treant.Json;
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

    List<String> poll(RaidReport.Listed... reports) {
        return auto.claimDue(List.of(reports)).stream().map(AutoRecap.Claim::code).toList();
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
        List<AutoRecap.Claim> claims = immediate.claimDue(List.of(kara, gruul));
        assertThat(claims).extracting(AutoRecap.Claim::code).containsExactly("a1B2c3D4e5F6g7H8", "Hh7Gg6Ff5Ee4Dd3C");

        immediate.posted(claims.get(0));
        immediate.release(claims.get(1), new IllegalStateException("its post failed"));
        assertThat(poll(kara, gruul)).containsExactly("Hh7Gg6Ff5Ee4Dd3C");
    }

    @Test
    void anUnreadableReportIsNeverTriedAgainAndOneRefusedForPointsIs() {
        clock.now = RAID_END.plus(Duration.ofHours(1));
        RaidReport.Listed secret = report("Pp1Rr2Ii3Vv4Aa5T", RAID_END);
        RaidReport.Listed kara = report("a1B2c3D4e5F6g7H8", RAID_END);
        poll(secret, kara); // first seen
        clock.now = clock.now.plus(Duration.ofMinutes(30));
        List<AutoRecap.Claim> claims = auto.claimDue(List.of(secret, kara));
        assertThat(claims).extracting(AutoRecap.Claim::code).containsExactly("Pp1Rr2Ii3Vv4Aa5T", "a1B2c3D4e5F6g7H8");

        auto.refused(claims.get(0), new RecapRefusal(RecapRefusal.Reason.UNKNOWN, "private"));
        auto.refused(claims.get(1), new RecapRefusal(RecapRefusal.Reason.RATE_LIMITED, "points spent"));
        assertThat(poll(secret, kara)).as("the points come back; the private report stays private").containsExactly("a1B2c3D4e5F6g7H8");
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
        assertThat(auto.shouldPoll()).isTrue();
        assertThat(new AutoRecap(noClient, store, "", "1", 30, 24, clock).shouldPoll()).isFalse();
    }
}
