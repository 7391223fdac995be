package treant.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class DiscordGatewayHealthCheckTest {

    @Test
    void readyOnlyWhileTheGatewayIsConnected() throws Exception {
        AtomicReference<String> status = new AtomicReference<>("CONNECTING_TO_WEBSOCKET");
        DiscordGatewayHealthCheck check = new DiscordGatewayHealthCheck(status::get);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            check.setCamelContext(camel);
            HealthCheck.Result connecting = check.call(Map.of());
            assertThat(connecting.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(connecting.getMessage()).hasValue("Discord gateway CONNECTING_TO_WEBSOCKET");
            status.set("CONNECTED");
            assertThat(check.call(Map.of()).getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(check.isLiveness()).isFalse();
        }
    }
}
