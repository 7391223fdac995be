package treant.gateway;

import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A process with a Discord gateway session (voice, or interactions over the gateway) is ready only
 * while the session is connected (JDA status CONNECTED): during an outage readiness names it.
 */
public final class DiscordGatewayHealthCheck extends AbstractHealthCheck {

    private final Supplier<String> gatewayStatus;

    public DiscordGatewayHealthCheck(Supplier<String> gatewayStatus) {
        super("treant", "discord-gateway");
        this.gatewayStatus = gatewayStatus;
    }

    /** The check of the JDA session (a YAML bean's factory). */
    public static DiscordGatewayHealthCheck of(DiscordSession session) {
        return new DiscordGatewayHealthCheck(session::status);
    }

    @Override
    public boolean isLiveness() {
        return false; // JDA reconnects by itself: "not ready", not "restart me"
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String status = gatewayStatus.get();
        builder.detail("status", status);
        if ("CONNECTED".equals(status)) {
            builder.up();
        } else {
            builder.message("Discord gateway " + status).down();
        }
    }
}
