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
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import treant.discord.Embed;
import treant.discord.MessageEdit;
import treant.jobs.CommandJob;
import treant.jobs.VoiceJob;
import treant.store.GoldPriceHistory;
import treant.store.PricePoint;

/** The gold command: marketplace price, history, chart, message and spoken summary . */
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

    /** Processor: {@code payload.converted_unit_price} → {@link Keys#QUOTE}; missing or ≤ 0 is an error. */
    public void readOffer(Exchange exchange) throws Exception {
        CommandJob job = exchange.getProperty(Keys.JOB, CommandJob.class);
        BigDecimal unit = unitPrice(mapper.readTree(exchange.getMessage().getBody(String.class)));
        exchange.setProperty(Keys.GOLD_QUOTE, new Quote(unit, job.amount() == null ? 1000 : job.amount()));
    }

    static BigDecimal unitPrice(JsonNode offer) {
        JsonNode price = offer.path("payload").path("converted_unit_price");
        if (!price.isNumber() || price.decimalValue().signum() <= 0) {
            throw new GoldPriceUnavailableException("marketplace offer has no positive payload.converted_unit_price: "
                    + (price.isMissingNode() ? "missing" : price.toString()));
        }
        return price.decimalValue();
    }

    /** Processor: records the price unless one was recorded within the interval, then loads the history. */
    public void recordAndLoadHistory(Exchange exchange) {
        Quote quote = exchange.getProperty(Keys.GOLD_QUOTE, Quote.class);
        boolean recorded = history.recordIfDue(quote.unitPrice(), clock.instant(), recordInterval);
        LOG.debug("gold price {} {}", quote.unitPrice(), recorded ? "recorded" : "not recorded (recent record exists)");
        exchange.setProperty(Keys.GOLD_HISTORY, history.latest(historyPoints));
    }

    /** Processor: chart + embed into {@link Keys#EDIT} and {@link Keys#EDIT_FILE}. */
    public void buildMessage(Exchange exchange) {
        Quote quote = exchange.getProperty(Keys.GOLD_QUOTE, Quote.class);
        @SuppressWarnings("unchecked")
        List<PricePoint> newestFirst = exchange.getProperty(Keys.GOLD_HISTORY, List.class);
        List<PricePoint> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        byte[] png = GoldChart.render(oldestFirst, quote.amount());
        exchange.setProperty(Keys.EDIT_FILE, new DiscordWebhook.DiscordFile(CHART_FILE, "image/png", png));
        exchange.setProperty(Keys.EDIT, message(quote, oldestFirst.size()));
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

    /** Processor: the VoiceJob JSON for the voice queue (body), when the command came from a guild. */
    public void buildVoiceJob(Exchange exchange) throws Exception {
        CommandJob job = exchange.getProperty(Keys.JOB, CommandJob.class);
        Quote quote = exchange.getProperty(Keys.GOLD_QUOTE, Quote.class);
        exchange.getMessage().setBody(mapper.writeValueAsString(
                VoiceJob.of(job.guildId(), job.userId(), spokenText(quote), job.interactionId(), clock.instant())));
    }
}
