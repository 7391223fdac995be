package treant.store;

import java.math.BigDecimal;
import java.time.Instant;

/** One recorded gold price: USD per gold at a moment. */
public record PricePoint(Instant at, BigDecimal unitPrice) {}
