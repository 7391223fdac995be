package treant.interactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import treant.discord.InteractionResponse;
import treant.jobs.CommandJob;
import treant.jobs.VoiceJob;
import treant.testing.Fixtures;

class DispatchCommandTest {

    static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");
    final DispatchCommand dispatch = new DispatchCommand(1000, 1_000_000, Clock.fixed(NOW, ZoneOffset.UTC));

    @ParameterizedTest
    @ValueSource(strings = {"pun", "bare-treant"})
    void aPunIsAnsweredNowAndSpokenInTheCallersGuild(String fixture) {
        Dispatch d = dispatch.dispatch(Fixtures.interaction(fixture));
        assertThat(d.reply().type()).isEqualTo(InteractionResponse.CHANNEL_MESSAGE);
        assertThat(d.reply().data().content()).startsWith("🌲 **Treant says:** ");
        String pun = d.reply().data().content().substring("🌲 **Treant says:** ".length());
        assertThat(Puns.ALL).contains(pun);
        assertThat(d.queue()).isEqualTo(Dispatch.VOICE);
        VoiceJob job = (VoiceJob) d.job();
        assertThat(job.text()).isEqualTo(pun);
        assertThat(job.guildId()).isEqualTo("1200000000000000001");
        assertThat(job.userId()).isEqualTo("1100000000000000777");
        assertThat(job.version()).isEqualTo(VoiceJob.VERSION);
        assertThat(job.receivedAt()).isEqualTo(NOW);
    }

    @Test
    void thereAreAtLeastThirtyDistinctPuns() {
        assertThat(Puns.ALL).hasSizeGreaterThanOrEqualTo(30).doesNotHaveDuplicates();
    }

    @Test
    void aPunInADirectMessageIsOnlyAnswered() {
        ObjectNode dm = Fixtures.tree("speak-dm");
        dm.withObject("data").putArray("options").addObject().put("name", "pun").put("type", 1);
        Dispatch d = dispatch.dispatch(Fixtures.parse(dm));
        assertThat(d.queue()).isNull();
        assertThat(d.reply().data().content()).startsWith("🌲 **Treant says:** ");
    }

    @Test
    void speakConfirmsAndQueuesTheTextAsPlainText() {
        Dispatch d = dispatch.dispatch(Fixtures.interaction("speak"));
        assertThat(d.queue()).isEqualTo(Dispatch.VOICE);
        assertThat(((VoiceJob) d.job()).text()).isEqualTo("For the Cenarion Circle!");
        assertThat(d.reply().data().content()).contains("For the Cenarion Circle!");
        assertThat(d.reply().data().flags()).isNull();
        assertThat(d.reply().data().allowedMentions().parse()).isEmpty();
    }

    @Test
    void speakEchoesTheTextAsTypedNotAsMarkdownButSpeaksItUnchanged() {
        ObjectNode tree = Fixtures.tree("speak");
        Fixtures.firstOption(tree).put("value", "**loud** [link](https://x.test)\n> quote");
        Dispatch d = dispatch.dispatch(Fixtures.parse(tree));
        assertThat(d.reply().data().content())
                .endsWith("\\*\\*loud\\*\\* \\[link\\](https://x.test) \\> quote");
        assertThat(((VoiceJob) d.job()).text()).isEqualTo("**loud** [link](https://x.test)\n> quote");
    }

    @Test
    void aThousandStarsAreEchoedWithinDiscordsLimitAndSpokenWhole() {
        ObjectNode tree = Fixtures.tree("speak");
        Fixtures.firstOption(tree).put("value", "*".repeat(1000));
        Dispatch d = dispatch.dispatch(Fixtures.parse(tree));
        String content = d.reply().data().content();
        assertThat(content.length()).isLessThanOrEqualTo(InteractionResponse.CONTENT_MAX);
        assertThat(content).endsWith("\\*…").doesNotEndWith("\\…");
        assertThat(((VoiceJob) d.job()).text()).isEqualTo("*".repeat(1000));
    }

    /** Whatever a user types (or a forged request carries), the echo fits Discord's message and the speech is whole. */
    @Property(tries = 300)
    void anySpeakEchoFitsDiscordsLimit(@ForAll("anyText") String text) {
        ObjectNode tree = Fixtures.tree("speak");
        Fixtures.firstOption(tree).put("value", text);
        Dispatch d;
        try {
            d = dispatch.dispatch(Fixtures.parse(tree));
        } catch (InvalidOptions unspeakable) {
            assertThat(unspeakable.getMessage().length()).isLessThanOrEqualTo(InteractionResponse.CONTENT_MAX);
            return;
        }
        String content = d.reply().data().content();
        assertThat(content.length()).isLessThanOrEqualTo(InteractionResponse.CONTENT_MAX);
        assertThat(((VoiceJob) d.job()).text()).isEqualTo(text.strip());
        String echo = content.substring(content.indexOf(": ") + 2);
        String whole = treant.discord.Markdown.escape(text.strip());
        if (!echo.equals(whole)) { // shortened at the end only, between whole escapes
            assertThat(echo).endsWith("…");
            String kept = echo.substring(0, echo.length() - 1);
            assertThat(whole).startsWith(kept);
            assertThat(kept.length() - kept.replaceAll("\\\\+$", "").length()).as("trailing backslashes").isEven();
        }
    }

    @Provide
    Arbitrary<String> anyText() {
        // markdown's specials (each doubles when escaped), any character, and lengths past every limit
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("*_~`|>[]\\").ofMinLength(900).ofMaxLength(1000),
                Arbitraries.strings().withChars("*_~`|>[]\\ a").ofMaxLength(1100),
                Arbitraries.strings().all().ofMaxLength(3000),
                Arbitraries.strings().withChars("*\\").withCharRange('\uD800', '\uDFFF').ofMaxLength(1600));
    }

    @Test
    void speakInADirectMessageExplainsThatVoiceNeedsAServer() {
        assertThatThrownBy(() -> dispatch.dispatch(Fixtures.interaction("speak-dm")))
                .isInstanceOf(InvalidOptions.class).hasMessageContaining("server");
    }

    @Test
    void speakRefusesEmptyAndOverLongText() {
        ObjectNode speak = Fixtures.tree("speak");
        Fixtures.firstOption(speak).put("value", "   ");
        assertThatThrownBy(() -> dispatch.dispatch(Fixtures.parse(speak))).isInstanceOf(InvalidOptions.class)
                .hasMessageContaining("something to say");
        Fixtures.firstOption(speak).put("value", "a".repeat(1001));
        assertThatThrownBy(() -> dispatch.dispatch(Fixtures.parse(speak))).isInstanceOf(InvalidOptions.class)
                .hasMessageContaining("at most 1000").hasMessageContaining("1001");
        Fixtures.firstOption(speak).put("value", "a".repeat(1000));
        assertThat(dispatch.dispatch(Fixtures.parse(speak)).queue()).isEqualTo(Dispatch.VOICE);
        Fixtures.firstOption(speak).put("value", "<b></b>");
        assertThatThrownBy(() -> dispatch.dispatch(Fixtures.parse(speak))).isInstanceOf(InvalidOptions.class)
                .hasMessageContaining("nothing to say");
    }

    @Test
    void speakCountsTheTextAsSpokenWhichTheCleanUpCanExpand() {
        // 750 "&" pass a count of what was typed, and become " and " × 750 (3,000 characters) to speak
        ObjectNode speak = Fixtures.tree("speak");
        Fixtures.firstOption(speak).put("value", "&".repeat(750));
        assertThatThrownBy(() -> dispatch.dispatch(Fixtures.parse(speak))).isInstanceOf(InvalidOptions.class)
                .hasMessageContaining("at most 1000");
        // a few symbols are fine
        Fixtures.firstOption(speak).put("value", "Tom & Jerry");
        assertThat(dispatch.dispatch(Fixtures.parse(speak)).queue()).isEqualTo(Dispatch.VOICE);
    }

    @Test
    void aTextLimitOverWhatPollyTakesFailsAtStartUpNamingTheSetting() {
        assertThatThrownBy(() -> new DispatchCommand(2000, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("treant.tts.max-text-length");
    }

    @Test
    void goldIsDeferredWithACommandJobCarryingEverythingTheWorkerNeeds() {
        Dispatch d = dispatch.dispatch(Fixtures.interaction("gold"));
        assertThat(d.reply()).isEqualTo(InteractionResponse.deferred());
        assertThat(d.queue()).isEqualTo(Dispatch.COMMAND);
        assertThat(d.job()).isEqualTo(new CommandJob(1, "gold", "1318000000000000201", "1318000000000000001",
                "aW50ZXJhY3Rpb246MTMxODAwMDAwMDAwMDAwMDIwMTpnb2xkdG9rZW4", "1200000000000000001",
                "1200000000000000050", "1100000000000000777", 5000, null, null, NOW));
    }

    @Test
    void goldWithoutAnAmountPricesAThousand() {
        ObjectNode gold = Fixtures.tree("gold");
        ((ObjectNode) gold.path("data").path("options").get(0)).putArray("options");
        assertThat(((CommandJob) dispatch.dispatch(Fixtures.parse(gold)).job()).amount()).isEqualTo(1000);
    }

    @ParameterizedTest
    // 2^64 + 1000 and 2^63 + 1000 wrap to 1000 as a long: out of range all the same
    @ValueSource(strings = {"0", "-5", "1000001", "2.5", "\"many\"", "18446744073709552616", "9223372036854776808",
            "-18446744073709550616", "1e300", "1000.5"})
    void goldRefusesAmountsThatAreNotSensible(String amount) throws Exception {
        ObjectNode gold = Fixtures.tree("gold");
        Fixtures.firstOption(gold).set("value", Fixtures.MAPPER.readTree(amount));
        assertThatThrownBy(() -> dispatch.dispatch(Fixtures.parse(gold))).isInstanceOf(InvalidOptions.class)
                .hasMessageContaining("amount");
    }

    @Test
    void judgeIsDeferredWithTheCharacterAndTheDefaultRealm() {
        Dispatch d = dispatch.dispatch(Fixtures.interaction("judge"));
        assertThat(d.reply().type()).isEqualTo(InteractionResponse.DEFERRED_CHANNEL_MESSAGE);
        CommandJob job = (CommandJob) d.job();
        assertThat(job.command()).isEqualTo("judge");
        assertThat(job.character()).isEqualTo("Barkskin");
        assertThat(job.realm()).isNull();
    }

    @Test
    void judgeTakesAnOptionalRealmAsASlug() {
        ObjectNode judge = Fixtures.tree("judge");
        ((ObjectNode) judge.path("data").path("options").get(0)).withArray("options").addObject()
                .put("name", "realm").put("type", 3).put("value", "Zul'jin Living Flame");
        assertThat(((CommandJob) dispatch.dispatch(Fixtures.parse(judge)).job()).realm()).isEqualTo("zuljin-living-flame");
    }

    @ParameterizedTest
    @ValueSource(strings = {"B", "Thirteenchars", "Bark skin", "Bark5", "<@everyone>", "", "Bárk`skin"})
    void judgeRefusesNamesThatAreNoWowNames(String name) {
        ObjectNode judge = Fixtures.tree("judge");
        Fixtures.firstOption(judge).put("value", name);
        assertThatThrownBy(() -> dispatch.dispatch(Fixtures.parse(judge))).isInstanceOf(InvalidOptions.class)
                .hasMessageContaining("not a World of Warcraft character name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ævelyn", "Thrallsbane"})
    void judgeAcceptsAccentedNames(String name) {
        ObjectNode judge = Fixtures.tree("judge");
        Fixtures.firstOption(judge).put("value", name);
        assertThat(((CommandJob) dispatch.dispatch(Fixtures.parse(judge)).job()).character()).isEqualTo(name);
    }

    @Test
    void anUnknownSubcommandOrCommandIsABadRequest() {
        ObjectNode other = Fixtures.tree("pun");
        ((ObjectNode) other.path("data").path("options").get(0)).put("name", "dance");
        assertThatThrownBy(() -> dispatch.dispatch(Fixtures.parse(other)))
                .isInstanceOfSatisfying(InteractionRejected.class, e -> assertThat(e.status()).isEqualTo(400));
        ObjectNode notTreant = Fixtures.tree("pun");
        ((ObjectNode) notTreant.path("data")).put("name", "ban");
        assertThatThrownBy(() -> dispatch.dispatch(Fixtures.parse(notTreant)))
                .isInstanceOfSatisfying(InteractionRejected.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void aSubcommandWithoutANameOrNullOptionsIsABadRequestNotACrash() {
        ObjectNode noName = Fixtures.tree("gold");
        ((ObjectNode) noName.path("data").path("options").get(0)).remove("name");
        assertThatThrownBy(() -> dispatch.dispatch(Fixtures.parse(noName)))
                .isInstanceOfSatisfying(InteractionRejected.class, e -> assertThat(e.status()).isEqualTo(400));
        ObjectNode nullOption = Fixtures.tree("gold");
        ((com.fasterxml.jackson.databind.node.ArrayNode) nullOption.path("data").path("options")).insertNull(0);
        assertThat(dispatch.dispatch(Fixtures.parse(nullOption)).queue()).isEqualTo(Dispatch.COMMAND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://fresh.warcraftlogs.com/reports/a1B2c3D4e5F6g7H8#fight=last", "a1B2c3D4e5F6g7H8",
            "fresh.warcraftlogs.com/reports/a1B2c3D4e5F6g7H8", " https://FRESH.warcraftlogs.com/reports/a1B2c3D4e5F6g7H8?fight=3 "})
    void recapIsDeferredWithTheReportsCodeFromACodeOrALink(String typed) {
        ObjectNode recap = Fixtures.tree("recap");
        Fixtures.firstOption(recap).put("value", typed);
        Dispatch d = dispatch.dispatch(Fixtures.parse(recap));
        assertThat(d.reply().type()).isEqualTo(InteractionResponse.DEFERRED_CHANNEL_MESSAGE);
        assertThat(d.queue()).isEqualTo(Dispatch.COMMAND);
        CommandJob job = (CommandJob) d.job();
        assertThat(job.command()).isEqualTo("recap");
        assertThat(job.report()).isEqualTo("a1B2c3D4e5F6g7H8");
        assertThat(job.receivedAt()).isEqualTo(NOW);
    }

    @Test
    void recapWithoutAReportTakesTheGuildsLatestOrSaysWhichSettingIsMissing() {
        ObjectNode recap = Fixtures.tree("recap");
        ((ObjectNode) recap.path("data").path("options").get(0)).remove("options");
        assertThat(((CommandJob) dispatch.dispatch(Fixtures.parse(recap)).job()).report()).as("the guild's latest").isNull();

        DispatchCommand noGuild = new DispatchCommand(1000, 1_000_000, JudgeSetup.configured(),
                new RecapSetup("id", "secret", "env", "", "https://fresh.warcraftlogs.com/api/v2/client"));
        assertThatThrownBy(() -> noGuild.dispatch(Fixtures.parse(recap))).isInstanceOf(InvalidOptions.class)
                .hasMessageContaining("`report:`").hasMessageContaining("treant.warcraftlogs.guild");
    }

    @Test
    void recapWithoutWarcraftLogsCredentialsIsAnsweredNowNamingTheTwoSettings() {
        DispatchCommand notSetUp = new DispatchCommand(1000, 1_000_000, JudgeSetup.configured(),
                new RecapSetup("", "", "env", "Grove Wardens", "https://fresh.warcraftlogs.com/api/v2/client"));
        assertThatThrownBy(() -> notSetUp.dispatch(Fixtures.interaction("recap"))).isInstanceOf(InvalidOptions.class)
                .hasMessageContaining("treant.warcraftlogs.client-id").hasMessageContaining("treant.warcraftlogs.client-secret");
        DispatchCommand fromAws = new DispatchCommand(1000, 1_000_000, JudgeSetup.configured(),
                new RecapSetup("", "", "aws", "Grove Wardens", "https://fresh.warcraftlogs.com/api/v2/client"));
        assertThat(fromAws.dispatch(Fixtures.interaction("recap")).queue()).as("the worker reads them from AWS").isEqualTo(Dispatch.COMMAND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a1B2c3D4e5F6g7H", "a1B2c3D4e5F6g7H8x", "https://evil.example/reports/a1B2c3D4e5F6g7H8",
            "a1B2c3D4-5F6g7H8", "<@everyone> a1B2c3D4e5F6g7H8", "https://fresh.warcraftlogs.com/reports/a1B2c3D4e5F6g7H8 x"})
    void recapRefusesWhatIsNoReportCodeOrLink(String typed) {
        ObjectNode recap = Fixtures.tree("recap");
        Fixtures.firstOption(recap).put("value", typed);
        assertThatThrownBy(() -> dispatch.dispatch(Fixtures.parse(recap))).isInstanceOf(InvalidOptions.class)
                .hasMessageContaining("is not a Warcraft Logs report");
    }

    @Test
    void recapRefusesALinkToAnotherGameVersionsSite() {
        ObjectNode recap = Fixtures.tree("recap");
        Fixtures.firstOption(recap).put("value", "https://classic.warcraftlogs.com/reports/a1B2c3D4e5F6g7H8");
        assertThatThrownBy(() -> dispatch.dispatch(Fixtures.parse(recap))).isInstanceOf(InvalidOptions.class)
                .hasMessageContaining("classic.warcraftlogs.com").hasMessageContaining("fresh.warcraftlogs.com");
    }
}
