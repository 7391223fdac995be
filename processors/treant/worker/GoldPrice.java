package treant.worker;

import treant.Keys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import treant.discord.Embed;
import treant.discord.MessageEdit;
import treant.jobs.CommandJob;
import treant.jobs.VoiceJob;
import treant.store.GoldPriceHistory;
import treant.store.PricePoint;

/** The gold command: the marketplace price as a quote, its history, the chart, the message and the spoken summary. */
public final class GoldPrice {

    private static final Logger LOG = LoggerFactory.getLogger(GoldPrice.class);
    static final String CHART_FILE = "gold-price.png";

    private final GoldPriceHistory history;
    private final Duration recordInterval;
    private final int historyPoints;
    private final ObjectMapper mapper;
    private final Clock clock;

    public GoldPrice(GoldPriceHistory history, long recordIntervalMinutes, int historyPoints,
                     ObjectMapper mapper, Clock clock) {
        this.history = history;
        this.recordInterval = Duration.ofMinutes(recordIntervalMinutes);
        this.historyPoints = historyPoints;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** What {@code amount} gold costs at {@code unitPrice} USD per gold. */
    public record Quote(BigDecimal unitPrice, int amount) {
        public BigDecimal total() {
            return unitPrice.multiply(BigDecimal.valueOf(amount));
        }

        public String totalText() {
            return total().setScale(2, RoundingMode.HALF_UP).toPlainString();
        }

        public String unitText() {
            return unitPrice.setScale(4, RoundingMode.HALF_UP).toPlainString();
        }
    }

    /** The marketplace's offer → the job's amount at its {@code payload.converted_unit_price}; missing or ≤ 0 is an error. */
    public Quote quote(@Body String offer, @ExchangeProperty(Keys.JOB) CommandJob job) throws Exception {
        return new Quote(unitPrice(mapper.readTree(offer)), job.amount() == null ? 1000 : job.amount());
    }

    static BigDecimal unitPrice(JsonNode offer) {
        JsonNode price = offer.path("payload").path("converted_unit_price");
        if (!price.isNumber() || price.decimalValue().signum() <= 0) {
            throw new GoldPriceUnavailableException("marketplace offer has no positive payload.converted_unit_price: "
                    + (price.isMissingNode() ? "missing" : price.toString()));
        }
        return price.decimalValue();
    }

    /** The quote and the recorded prices, oldest first (a chart's points). */
    public record Report(Quote quote, List<PricePoint> history) {}

    /** Records the price unless one was recorded within the interval, then loads the last prices. */
    public Report report(Quote quote) {
        boolean recorded = history.recordIfDue(quote.unitPrice(), clock.instant(), recordInterval);
        LOG.debug("gold price {} {}", quote.unitPrice(), recorded ? "recorded" : "not recorded (recent record exists)");
        List<PricePoint> oldestFirst = new ArrayList<>(history.latest(historyPoints));
        java.util.Collections.reverse(oldestFirst);
        return new Report(quote, oldestFirst);
    }

    /** The answer: the embed with the chart attached. */
    public DiscordWebhook.EditWithFile message(Report report) {
        byte[] png = GoldChart.render(report.history(), report.quote().amount());
        return new DiscordWebhook.EditWithFile(message(report.quote(), report.history().size()),
                new DiscordWebhook.DiscordFile(CHART_FILE, "image/png", png));
    }

    static MessageEdit message(Quote quote, int points) {
        String amount = String.format(Locale.US, "%,d", quote.amount());
        Embed embed = new Embed("💰 Gold price", "**" + amount + " gold** costs **$" + quote.totalText() + "**\n"
                + "Price per gold: **$" + quote.unitText() + "**", JudgeMessage.GOLD_COLOUR, null,
                new Embed.Image("attachment://" + CHART_FILE),
                new Embed.Footer("Cost of " + amount + " gold over the last " + points + " recorded prices"));
        return new MessageEdit("", List.of(embed), List.of(new MessageEdit.Attachment(0, CHART_FILE)));
    }

    public static String spokenText(Quote quote) {
        return "Gold costs " + quote.unitText() + " dollars each. " + String.format(Locale.US, "%d", quote.amount())
                + " gold cost " + quote.totalText() + " dollars.";
    }

    /** The VoiceJob (JSON) that speaks the quote in the job's guild. */
    public String voiceJob(@Body Quote quote, @ExchangeProperty(Keys.JOB) CommandJob job) throws Exception {
        return mapper.writeValueAsString(
                VoiceJob.of(job.guildId(), job.userId(), spokenText(quote), job.interactionId(), clock.instant()));
    }
}
