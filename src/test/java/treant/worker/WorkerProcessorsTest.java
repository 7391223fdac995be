package treant.worker;

import treant.Keys;
import treant.testing.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import treant.Json;
import treant.jobs.CommandJob;

/** The worker's processors with plain inputs (fixtures), no routes. */
class WorkerProcessorsTest {

    final ObjectMapper mapper = Json.newMapper();
    final DefaultCamelContext camel = new DefaultCamelContext();

    Exchange exchange() {
        return new DefaultExchange(camel);
    }

    @Test
    void geminiTextIsTheAnalysis() throws Exception {
        assertThat(Gemini.analysis(mapper.readTree(Fixtures.text("gemini/generate-content-200.json"))))
                .startsWith("**Estimated Avg Item Level**: ~73").contains("Benediction");
    }

    @Test
    void blockedPromptGivesTheUnavailableNote() throws Exception {
        assertThat(Gemini.analysis(mapper.readTree(Fixtures.text("gemini/blocked-prompt-200.json"))))
                .isEqualTo(WorkerTexts.AI_UNAVAILABLE);
    }

    @Test
    void promptListsSlotsItemsAndQualities() throws Exception {
        BlizzardEquipment twig = mapper.readValue(Fixtures.text("blizzard/equipment-classicann-twig.json"), BlizzardEquipment.class);
        assertThat(Gemini.prompt(twig, "twig")).contains("Twig").contains("- [Shirt]: Squire's Shirt (Common)")
                .contains("item level").contains("treant").contains("under 1000 characters");
    }

    @Test
    void goldPriceIsReadAndFormatted() throws Exception {
        BigDecimal unit = GoldPrice.unitPrice(mapper.readTree(Fixtures.text("gold/g2g-offer-200.json")));
        GoldPrice.Quote quote = new GoldPrice.Quote(unit, 5000);
        assertThat(quote.totalText()).isEqualTo("30.60");
        assertThat(quote.unitText()).isEqualTo("0.0061");
        assertThat(GoldPrice.spokenText(quote)).isEqualTo("Gold costs 0.0061 dollars each. 5000 gold cost 30.60 dollars.");
    }

    @Test
    void missingOrNonPositivePriceIsAnError() throws Exception {
        assertThatThrownBy(() -> GoldPrice.unitPrice(mapper.readTree(Fixtures.text("gold/g2g-offer-missing-price.json"))))
                .isInstanceOf(GoldPriceUnavailableException.class);
        assertThatThrownBy(() -> GoldPrice.unitPrice(mapper.readTree("{\"payload\":{\"converted_unit_price\":0}}")))
                .isInstanceOf(GoldPriceUnavailableException.class);
        assertThatThrownBy(() -> GoldPrice.unitPrice(mapper.readTree("{\"payload\":{\"converted_unit_price\":\"0.006\"}}")))
                .isInstanceOf(GoldPriceUnavailableException.class);
    }

    @Test
    void discord429BodySetsTheRedeliveryDelay() {
        RetryAfterDelay delay = new RetryAfterDelay(mapper, 30);
        Exchange e = exchange();
        e.setProperty(Exchange.EXCEPTION_CAUGHT, new HttpOperationFailedException("http://d/webhooks/1/secret/messages/@original",
                429, "Too Many Requests", null, Map.of(), Fixtures.text("discord/rate-limited-429.json")));
        delay.process(e);
        assertThat(e.getMessage().getHeader(Exchange.REDELIVERY_DELAY, Long.class)).isEqualTo(337L);
    }

    @Test
    void retryAfterHeaderIsHonouredAndCapped() {
        RetryAfterDelay delay = new RetryAfterDelay(mapper, 5);
        Exchange e = exchange();
        e.setProperty(Exchange.EXCEPTION_CAUGHT, new HttpOperationFailedException("http://g", 429, "Too Many Requests",
                null, Map.of("Retry-After", "120"), "not json"));
        delay.process(e);
        assertThat(e.getMessage().getHeader(Exchange.REDELIVERY_DELAY, Long.class)).isEqualTo(5_000L);

        Exchange other = exchange();
        other.getMessage().setHeader(Exchange.REDELIVERY_DELAY, 99L);
        other.setProperty(Exchange.EXCEPTION_CAUGHT, new HttpOperationFailedException("http://g", 503, "", null, Map.of(), ""));
        delay.process(other);
        assertThat(other.getMessage().getHeader(Exchange.REDELIVERY_DELAY)).as("backoff policy decides").isNull();
    }

    @Test
    void logsNeverCarryTheWebhookToken() {
        assertThat(RetryAfterDelay.hostOf("https://discord.com/api/v10/webhooks/1/SECRET/messages/@original"))
                .isEqualTo("https://discord.com");
    }

    @Test
    void blizzardTokenIsCachedUntilAMinuteBeforeExpiry() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T20:00:00Z"));
        Blizzard blizzard = new Blizzard("id", "secret", "dreamscythe", mapper, clock);
        Exchange e = exchange();
        blizzard.useCachedToken(e);
        assertThat(e.getProperty(Keys.BLIZZARD_TOKEN)).isNull();

        e.getMessage().setBody("{\"access_token\":\"abc\",\"expires_in\":120}");
        blizzard.rememberToken(e);
        clock.now = clock.now.plusSeconds(59);
        Exchange later = exchange();
        blizzard.useCachedToken(later);
        assertThat(later.getProperty(Keys.BLIZZARD_TOKEN)).isEqualTo("abc");

        clock.now = clock.now.plusSeconds(1); // 60 s before expiry
        Exchange expiring = exchange();
        blizzard.useCachedToken(expiring);
        assertThat(expiring.getProperty(Keys.BLIZZARD_TOKEN)).isNull();
    }

    @Test
    void characterPathIsTheRealmSlugAndTheLowercasedEncodedName() {
        Blizzard blizzard = new Blizzard("id", "secret", "dreamscythe", mapper, Clock.systemUTC());
        Exchange e = exchange();
        e.setProperty(Keys.JOB, new CommandJob(1, "judge", "1", "2", "t", null, "c", "u", null, "Ëlwyn", "Living Flame", Instant.now()));
        blizzard.characterPath(e);
        assertThat(e.getProperty(Keys.REALM_SLUG)).isEqualTo("living-flame");
        assertThat(e.getProperty(Keys.CHARACTER_SLUG)).isEqualTo("%C3%ABlwyn");
        CommandJob noRealm = new CommandJob(1, "judge", "1", "2", "t", null, "c", "u", null, "Barkskin", null, Instant.now());
        assertThat(blizzard.realmSlug(noRealm)).isEqualTo("dreamscythe");
        assertThat(blizzard.basicAuthorization()).isEqualTo("Basic aWQ6c2VjcmV0");
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
