package treant.store;

import java.math.BigDecimal;
import java.time.Instant;

/** One recorded gold price: USD per gold at a moment. */
public record PricePoint(Instant at, BigDecimal unitPrice) {

    /** Stores keep different scales (H2 DECIMAL pads, DynamoDB trims): one canonical value. */
    public PricePoint {
        unitPrice = unitPrice.stripTrailingZeros();
    }
}
