package treant.store;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Ready only while the price-history store answers a read (DynamoDB table or embedded file). */
public final class StoreHealthCheck extends AbstractHealthCheck {

    private final GoldPriceHistory store;

    public StoreHealthCheck(GoldPriceHistory store) {
        super("treant", "store");
        this.store = store;
    }

    @Override
    public boolean isLiveness() {
        return false; // an unreachable store means "not ready", not "restart me"
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            store.latest(1);
            builder.detail("store", store.getClass().getSimpleName()).up();
        } catch (RuntimeException e) {
            builder.message("store unreachable: " + e.getClass().getSimpleName()).down();
        }
    }
}
