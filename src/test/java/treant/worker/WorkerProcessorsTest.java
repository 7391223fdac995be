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

    final MutableClock geminiClock = new MutableClock(Instant.parse("2026-11-27T20:00:00Z"));
    final Gemini gemini = new Gemini(mapper, "key", "gemini-3.8-flash", "low", 2048,
            "World of Warcraft: The Burning Crusade Anniversary", 70, geminiClock, "dreamscythe");

    Object analysisOf(String fixture) throws Exception {
        return gemini.analysis(mapper.readTree(Fixtures.text("gemini/" + fixture)));
    }

    @Test
    void structuredAnswerIsTheCritique() throws Exception {
        Critique critique = (Critique) analysisOf("generate-content-structured-200.json");
        assertThat(critique.score()).isEqualTo(3);
        assertThat(critique.verdict()).startsWith("Hrrm. A level-70 moonkin");
        assertThat(critique.strengthList()).hasSize(2);
        assertThat(critique.problemList()).contains("No enchants or gems anywhere.");
        assertThat(critique.upgradeList()).extracting(Critique.Upgrade::slot).containsExactly("Head", "Trinket", "Main Hand");
    }

    @Test
    void truncatedBlockedOrProseAnswersGiveTheUnavailableNote() throws Exception {
        assertThat(analysisOf("generate-content-malformed-json-200.json")).as("MAX_TOKENS, JSON cut off").isEqualTo(WorkerTexts.AI_UNAVAILABLE);
        assertThat(analysisOf("blocked-prompt-200.json")).isEqualTo(WorkerTexts.AI_UNAVAILABLE);
        assertThat(analysisOf("generate-content-200.json")).as("prose, not the schema").isEqualTo(WorkerTexts.AI_UNAVAILABLE);
        assertThat(gemini.analysis(mapper.readTree("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":"
                + "\"{\\\"verdict\\\":\\\"ok\\\",\\\"score\\\":11}\"}]},\"finishReason\":\"STOP\"}]}")))
                .as("score outside 1..10").isEqualTo(WorkerTexts.AI_UNAVAILABLE);
    }

    @Test
    void requestAsksForTheSchemaWithALowThinkingLevelAndNoSamplingParameters() throws Exception {
        CharacterCard card = JudgeMessageTest.fullCard();
        String prompt = gemini.prompt(card, "barkskin", "dreamscythe");
        assertThat(prompt).contains("Game: World of Warcraft: The Burning Crusade Anniversary (level cap 70).")
                .contains("Character: Barkskin, level 70 Night Elf Druid on Dreamscythe, guild <Grove Wardens>.")
                .contains("Talents: 41/20/0 (Balance/Feral Combat/Restoration).")
                .contains("- Head: Stormrage Cover, Epic, 76");
        com.fasterxml.jackson.databind.JsonNode body = mapper.valueToTree(gemini.body(prompt));
        com.fasterxml.jackson.databind.JsonNode expected = mapper.readTree(Fixtures.text("gemini/request-structured-example.json"));
        com.fasterxml.jackson.databind.JsonNode config = body.path("generationConfig");
        assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
        assertThat(config.path("responseJsonSchema")).isEqualTo(expected.path("generationConfig").path("responseJsonSchema"));
        assertThat(config.path("thinkingConfig").path("thinkingLevel").asText()).isEqualTo("low");
        assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(2048);
        assertThat(config.has("temperature") || config.has("topP") || config.has("topK")).isFalse();
        assertThat(body.path("systemInstruction").path("parts").path(0).path("text").asText()).contains("JSON");
    }

    @Test
    void promptWithoutTheOptionalPartsStillHasTheGameAndTheGear() throws Exception {
        BlizzardEquipment twig = mapper.readValue(Fixtures.text("blizzard/equipment-classicann-twig.json"), BlizzardEquipment.class);
        assertThat(gemini.prompt(CharacterCard.gearOnly(twig), "twig", "dreamscythe"))
                .contains("level cap 70").contains("Character: Twig on Dreamscythe.").contains("Talents: unknown.")
                .contains("- Shirt: Squire's Shirt, Common");
    }

    static HttpOperationFailedException geminiError(int status, String fixture) {
        return new HttpOperationFailedException("http://g/v1beta/models/m:generateContent", status, "", null, Map.of(),
                Fixtures.text("gemini/" + fixture));
    }

    @Test
    void aPerDayQuotaIsNotRetriedAndRestsUntilMidnightPacific() {
        GeminiRetry retry = new GeminiRetry(mapper, 1, 20_000, geminiClock);
        Exchange e = exchange();
        e.setException(geminiError(429, "error-429-daily-quota.json"));
        assertThat(retry.shouldRetry(e)).isFalse();

        Exchange fallback = exchange();
        fallback.setProperty(Exchange.EXCEPTION_CAUGHT, geminiError(429, "error-429-daily-quota.json"));
        assertThat(gemini.unavailable(fallback)).isEqualTo(WorkerTexts.AI_RESTING);
        assertThat(gemini.noteInsteadOfCall()).as("no call while resting").isEqualTo(WorkerTexts.AI_RESTING);
        geminiClock.now = Instant.parse("2026-11-28T08:00:00Z"); // midnight in Los Angeles
        assertThat(gemini.noteInsteadOfCall()).isNull();
    }

    @Test
    void aRetryDelayIsWaitedOnlyWhenItFitsTheBudget() {
        Exchange e = exchange();
        e.setProperty(Keys.GEMINI_STARTED_AT, geminiClock.millis());
        e.setException(geminiError(429, "error-429-retry-info.json"));
        assertThat(new GeminiRetry(mapper, 1, 20_000, geminiClock).shouldRetry(e)).as("37 s > 20 s budget").isFalse();
        GeminiRetry generous = new GeminiRetry(mapper, 1, 60_000, geminiClock);
        assertThat(generous.shouldRetry(e)).isTrue();
        generous.process(e);
        assertThat(e.getMessage().getHeader(Exchange.REDELIVERY_DELAY, Long.class)).isEqualTo(37_000L);
        e.getMessage().setHeader(Exchange.REDELIVERY_COUNTER, 2);
        assertThat(generous.shouldRetry(e)).as("treant.gemini.max-redeliveries").isFalse();

        Exchange plain = exchange();
        plain.setException(geminiError(429, "error-429.json"));
        assertThat(generous.shouldRetry(plain)).isTrue();
        Exchange notFound = exchange();
        notFound.setException(geminiError(404, "error-404-model-not-found.json"));
        assertThat(generous.shouldRetry(notFound)).isFalse();
    }

    @Test
    void withoutAKeyTheCardSaysSoAndNoCallIsMade() {
        Gemini keyless = new Gemini(mapper, " ", "gemini-3.8-flash", "low", 2048, "g", 70, geminiClock, "dreamscythe");
        assertThat(keyless.noteInsteadOfCall()).isEqualTo(WorkerTexts.AI_NOT_CONFIGURED);
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
        assertThat(blizzard.cachedBearer()).isNull();

        assertThat(blizzard.rememberToken("{\"access_token\":\"abc\",\"expires_in\":120}")).isEqualTo("Bearer abc");
        clock.now = clock.now.plusSeconds(59);
        assertThat(blizzard.cachedBearer()).isEqualTo("Bearer abc");

        clock.now = clock.now.plusSeconds(1); // 60 s before expiry
        assertThat(blizzard.cachedBearer()).isNull();

        blizzard.rememberToken("{\"access_token\":\"def\",\"expires_in\":120}");
        blizzard.forgetToken(); // Blizzard answered 401 with it
        assertThat(blizzard.cachedBearer()).isNull();
    }

    @Test
    void characterPathIsTheRealmSlugAndTheLowercasedEncodedName() {
        Blizzard blizzard = new Blizzard("id", "secret", "dreamscythe", mapper, Clock.systemUTC());
        assertThat(blizzard.character(new CommandJob(1, "judge", "1", "2", "t", null, "c", "u", null, "Ëlwyn", "Living Flame",
                Instant.now()))).isEqualTo(new Blizzard.CharacterPath("living-flame", "%C3%ABlwyn"));
        CommandJob noRealm = new CommandJob(1, "judge", "1", "2", "t", null, "c", "u", null, "Barkskin", null, Instant.now());
        assertThat(blizzard.realmSlug(noRealm)).isEqualTo("dreamscythe");
        assertThat(blizzard.basicAuthorization()).isEqualTo("Basic aWQ6c2VjcmV0");
    }

    @Test
    void theParallelCallsOfOneJobShareOneTokenRequest() throws Exception {
        ClientCredentials token = new ClientCredentials("id", "secret", "Blizzard", mapper, Clock.systemUTC());
        assertThat(token.cachedBearer()).as("the first caller asks for the token").isNull();
        java.util.concurrent.CompletableFuture<String> waiting = java.util.concurrent.CompletableFuture.supplyAsync(token::cachedBearer);
        Thread.sleep(100);
        assertThat(waiting).as("the others wait for that request").isNotDone();
        token.rememberBearer("{\"access_token\":\"abc\",\"expires_in\":3600}");
        assertThat(waiting.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("Bearer abc");
        token.forget();
        assertThat(token.cachedBearer()).as("a forgotten token is asked for again").isNull();
    }

    @Test
    void theCardIsTheGearWithTheOptionalPartsThatCame() throws Exception {
        CardParts parts = new CardParts();
        BlizzardEquipment gear = mapper.readValue(Fixtures.text("blizzard/equipment-classicann-barkskin.json"), BlizzardEquipment.class);
        BlizzardMedia media = mapper.readValue(Fixtures.text("blizzard/character-media-classicann-barkskin.json"), BlizzardMedia.class);
        Exchange joined = parts.aggregate(null, withBody(gear));
        joined = parts.aggregate(joined, withBody(null)); // the summary failed or was not found
        joined = parts.aggregate(joined, withBody(media));
        Exchange failed = withBody("Read timed out");
        failed.setException(new java.net.SocketTimeoutException());
        joined = parts.aggregate(joined, failed);
        assertThat(joined.getMessage().getBody()).isEqualTo(new CharacterCard(gear, null, media, null));

        assertThat(parts.aggregate(null, withBody(null)).getMessage().getBody()).as("no such character").isNull();
    }

    Exchange withBody(Object body) {
        Exchange e = exchange();
        e.getMessage().setBody(body);
        return e;
    }

    @Test
    void goldReportIsTheQuoteAndTheRecordedPricesOldestFirst() throws Exception {
        java.util.List<treant.store.PricePoint> newestFirst = java.util.List.of(
                new treant.store.PricePoint(Instant.parse("2026-11-27T21:00:00Z"), new BigDecimal("0.0062")),
                new treant.store.PricePoint(Instant.parse("2026-11-27T20:00:00Z"), new BigDecimal("0.0061")));
        treant.store.GoldPriceHistory history = new treant.store.GoldPriceHistory() {
            @Override
            public boolean recordIfDue(BigDecimal unitPrice, Instant now, java.time.Duration minInterval) {
                return false;
            }

            @Override
            public java.util.List<treant.store.PricePoint> latest(int limit) {
                return newestFirst;
            }
        };
        GoldPrice gold = new GoldPrice(history, 30, 24, mapper, geminiClock);
        CommandJob job = new CommandJob(1, "gold", "1", "2", "t", "g", "c", "u", 5000, null, null, Instant.now());
        GoldPrice.Quote quote = gold.quote(Fixtures.text("gold/g2g-offer-200.json"), job);
        assertThat(quote.amount()).isEqualTo(5000);

        GoldPrice.Report report = gold.report(quote);
        assertThat(report.history()).containsExactly(newestFirst.get(1), newestFirst.get(0));
        DiscordWebhook.EditWithFile answer = gold.message(report);
        assertThat(answer.file().filename()).isEqualTo("gold-price.png");
        assertThat(answer.edit().embeds().get(0).image().url()).isEqualTo("attachment://gold-price.png");
        assertThat(mapper.readTree(gold.voiceJob(quote, job)).path("text").asText()).startsWith("Gold costs 0.0061");
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
