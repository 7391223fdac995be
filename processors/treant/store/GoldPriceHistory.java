package treant.store;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The gold price history. Implementations must make {@link #recordIfDue} safe against several
 * workers racing: a conditional write decides, never a read followed by a write.
 */
public interface GoldPriceHistory {

    /** The history's item type (DynamoDB hash key) for gold prices. */
    String GOLD = "gold";

    /**
     * Records {@code unitPrice} at {@code now} unless a price was recorded less than
     * {@code minInterval} ago.
     *
     * @return true when this call recorded the price
     */
    boolean recordIfDue(BigDecimal unitPrice, Instant now, Duration minInterval);

    /** The {@code limit} most recent prices, newest first. */
    List<PricePoint> latest(int limit);
}
