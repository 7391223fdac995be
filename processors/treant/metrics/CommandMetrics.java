package treant.metrics;

import org.apache.camel.CamelContextAware;
import treant.Keys;
import treant.jobs.CommandJob;
import treant.jobs.VoiceJob;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Per-command counts, failures and latency: the timer {@code treant.commands} (Prometheus
 * {@code treant_commands_seconds_count/sum/bucket}) tagged {@code command}, {@code stage}
 * ({@code api}: the interactions endpoint, {@code worker}, {@code voice}) and {@code outcome}
 * ({@code ok}, {@code rejected}: answered 4xx, {@code failed}: the exchange failed).
 *
 * <p>Camel's route metrics cannot tell commands apart at the api (one route takes them all), so the
 * command comes from the exchange property {@value #COMMAND_PROPERTY} (set when the interaction is
 * parsed; {@code ping} for PINGs); in the worker and voice from the job.
 */
public final class CommandMetrics extends EventNotifierSupport implements CamelContextAware {

    public static final String TIMER = "treant.commands";
    public static final String COMMAND_PROPERTY = "command";

    private static final Duration[] BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(60)};

    static final java.util.Set<String> KNOWN = java.util.Set.of("ping", "pun", "speak", "gold", "judge", "recap", "autocomplete");

    private CamelContext context;
    private final Meters meters = new Meters();

    /** A bean of every role, notified of every exchange (treant.roles.CommonBeans). */
    public CommandMetrics() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreStepEvents(true);
    }

    public CommandMetrics(CamelContext context) {
        this();
        this.context = context;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        // metrics off (a Lambda function): no event is looked at
        return (event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent)
                && meters.enabled(context);
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        String stage = stage(exchange.getFromRouteId());
        // the flow's copy of a door that goes on after it (the gateway door) is counted with the door's exchange
        if (stage == null || exchange.getProperty(Keys.FLOW_COPY) != null) {
            return;
        }
        meters.record(context, TIMER, "commands handled, by command, stage and outcome", BUCKETS,
                Duration.ofMillis(Math.max(0, exchange.getClock().elapsed())),
                "command", command(exchange), "stage", stage, "outcome", outcome(exchange));
    }

    static String stage(String routeId) {
        if (routeId == null) {
            return null;
        }
        if (routeId.startsWith("api-")) {
            return "api";
        }
        if (routeId.startsWith("worker-")) {
            return "worker";
        }
        if (routeId.startsWith("voice-")) {
            return "voice";
        }
        return null;
    }

    static String command(Exchange exchange) {
        String command = exchange.getProperty(COMMAND_PROPERTY, String.class);
        if (command != null) {
            // bounded tag values: one time series per known command, whatever a request names
            return KNOWN.contains(command) ? command : "other";
        }
        return switch (exchange.getProperty(Keys.JOB)) {
            case CommandJob job when KNOWN.contains(String.valueOf(job.command())) -> job.command();
            case VoiceJob ignored -> "voice";
            case null, default -> "unknown";
        };
    }

    static String outcome(Exchange exchange) {
        if (exchange.isFailed()) {
            return "failed";
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return status != null && status >= 400 ? "rejected" : "ok";
    }
}
