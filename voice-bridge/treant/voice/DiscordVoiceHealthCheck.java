package treant.voice;

import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** The voice role is ready only while its Discord gateway session is connected (JDA status CONNECTED). */
public final class DiscordVoiceHealthCheck extends AbstractHealthCheck {

    private final Supplier<String> gatewayStatus;

    public DiscordVoiceHealthCheck(Supplier<String> gatewayStatus) {
        super("treant", "discord-gateway");
        this.gatewayStatus = gatewayStatus;
    }

    /** The check of the JDA session (a YAML bean's factory). */
    public static DiscordVoiceHealthCheck of(JdaVoiceGateway gateway) {
        return new DiscordVoiceHealthCheck(gateway::status);
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
