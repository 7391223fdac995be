package treant.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class StoreHealthCheckTest {

    static GoldPriceHistory store(RuntimeException failure) {
        return new GoldPriceHistory() {
            @Override
            public boolean recordIfDue(BigDecimal unitPrice, Instant now, Duration minInterval) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<PricePoint> latest(int limit) {
                if (failure != null) {
                    throw failure;
                }
                return List.of();
            }
        };
    }

    static HealthCheck.Result call(GoldPriceHistory store) {
        StoreHealthCheck check = new StoreHealthCheck(store);
        check.setCamelContext(new DefaultCamelContext());
        return check.call(Map.of());
    }

    @Test
    void upWhileTheStoreAnswersAReadDownWithTheReasonWhenItFails() {
        assertThat(call(store(null)).getState()).isEqualTo(HealthCheck.State.UP);
        HealthCheck.Result down = call(store(new IllegalStateException("connection refused")));
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).hasValue("store unreachable: IllegalStateException");
        assertThat(new StoreHealthCheck(store(null)).isLiveness()).isFalse();
    }
}
