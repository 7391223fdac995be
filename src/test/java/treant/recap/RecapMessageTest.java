package treant.recap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import treant.Json;
import treant.discord.Embed;

/** The recap's embed: Discord's limits hold whatever a report holds; cutting keeps whole lines. */
class RecapMessageTest {

    final WarcraftLogs warcraftLogs = new WarcraftLogs("id", "secret", "https://fresh.warcraftlogs.com/api/v2/client",
            "Grove Wardens", "dreamscythe", 5, Json.newMapper(), Clock.systemUTC());
    final RecapMessage message = new RecapMessage(warcraftLogs, Json.newMapper());

    @Property(tries = 300)
    void anyReportFitsDiscordsLimits(@ForAll("reports") RaidReport report,
                                     @ForAll @Size(max = 12) List<@Size(max = 3000) String> summaryLines,
                                     @ForAll boolean withSummary) {
        Embed embed = message.embed(RaidNight.of(report), withSummary ? new RecapSummary.Summary(summaryLines) : null);
        assertThat(embed.title()).isNotBlank().hasSizeLessThanOrEqualTo(Embed.TITLE_MAX);
        assertThat(embed.description()).isNotBlank().hasSizeLessThanOrEqualTo(Embed.DESCRIPTION_MAX);
        assertThat(embed.fields()).hasSizeLessThanOrEqualTo(Embed.FIELDS_MAX);
        for (Embed.Field f : embed.fields()) {
            assertThat(f.name()).isNotBlank().hasSizeLessThanOrEqualTo(Embed.FIELD_NAME_MAX);
            assertThat(f.value()).as(f.name()).isNotBlank().hasSizeLessThanOrEqualTo(Embed.FIELD_VALUE_MAX);
        }
        assertThat(embed.footer().text()).hasSizeLessThanOrEqualTo(Embed.FOOTER_MAX);
        assertThat(embed.countedLength()).isLessThanOrEqualTo(Embed.TOTAL_MAX);
        assertThat(embed.url()).isEqualTo("https://fresh.warcraftlogs.com/reports/" + report.code());
    }

    @Provide
    Arbitrary<RaidReport> reports() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(400);
        Arbitrary<RaidReport.Fight> fight = Combinators.combine(Arbitraries.integers().between(1, 60), text,
                Arbitraries.of(true, false), Arbitraries.doubles().between(0, 100), Arbitraries.longs().between(0, 20_000_000))
                .as((enc, name, kill, pct, start) -> new RaidReport.Fight(enc, enc, name, kill, 3, kill ? 0.0 : pct, pct, start,
                        start + 1000 + enc * 7919L));
        Arbitrary<RaidReport.Entry> entry = Combinators.combine(text, Arbitraries.integers().between(1, 80),
                Arbitraries.longs().between(0, 99_999_999_999L), text, Arbitraries.longs().between(0, 20_000_000))
                .as((name, id, total, blow, ts) -> new RaidReport.Entry(name, id, "Druid", total,
                        blow.isEmpty() ? null : new RaidReport.Ability(blow), null, ts, id));
        Arbitrary<List<RaidReport.Entry>> entries = entry.list().ofMaxSize(200);
        Arbitrary<List<RaidReport.Actor>> actors = Arbitraries.integers().between(0, 80)
                .map(n -> {
                    List<RaidReport.Actor> list = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        list.add(new RaidReport.Actor(i, "P" + i, "Druid", "Dreamscythe"));
                    }
                    return list;
                });
        return Combinators.combine(text, text.injectNull(0.2), fight.list().ofMaxSize(300), actors, entries, entries, entries,
                        Arbitraries.longs().between(0, 86_400_000L))
                .as((title, zone, fights, players, damage, healing, deaths, length) -> new RaidReport("Zx9Cv8Bn7Mm6Ll5K", title,
                        1_795_568_531_000L, 1_795_568_531_000L + length, zone == null ? null : new RaidReport.Zone(zone), fights,
                        new RaidReport.MasterData(players), table(damage), table(healing), table(deaths)));
    }

    private static RaidReport.Table table(List<RaidReport.Entry> entries) {
        return new RaidReport.Table(new RaidReport.TableData(7_200_000L, entries));
    }

    @Test
    void fitKeepsWholeLinesAndSaysHowManyAreLeftOut() {
        List<String> lines = List.of("aaaa", "bbbb", "cccc", "dddd");
        assertThat(RecapMessage.fit(lines, 100)).isEqualTo("aaaa\nbbbb\ncccc\ndddd");
        assertThat(RecapMessage.fit(lines, 19)).isEqualTo("aaaa\nbbbb\ncccc\ndddd");
        assertThat(RecapMessage.fit(lines, 18)).isEqualTo("aaaa\n…and 3 more");
        assertThat(RecapMessage.fit(lines, 12)).isEqualTo("…and 4 more");
        assertThat(RecapMessage.fit(lines, 5)).as("not even that: nothing, and the field is left out").isEmpty();
    }

    @Test
    void timesAndAmountsReadAsRaidersWriteThem() {
        assertThat(RecapMessage.clock(151_000L)).isEqualTo("2:31");
        assertThat(RecapMessage.clock(3_751_000L)).isEqualTo("1:02:31");
        assertThat(RecapMessage.duration(7_079_000L)).isEqualTo("1 h 58 min");
        assertThat(RecapMessage.duration(3_100_000L)).isEqualTo("52 min");
        assertThat(RecapMessage.amount(2_487_310)).isEqualTo("2.49 M");
        assertThat(RecapMessage.amount(812_400)).isEqualTo("812 k");
        assertThat(RecapMessage.amount(9_500)).isEqualTo("9500");
        assertThat(RecapMessage.percent(18.65)).isEqualTo("18.7 %");
    }
}
