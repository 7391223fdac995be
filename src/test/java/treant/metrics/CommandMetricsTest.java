package treant.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import java.time.Instant;
import treant.jobs.CommandJob;

class CommandMetricsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        context = new DefaultCamelContext();
        context.getRegistry().bind("meters", meters);
        context.getManagementStrategy().addEventNotifier(new CommandMetrics(context));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // stand-ins with the real route ids: the api sets the command property, the worker has the job
                from("direct:interactions").routeId("api-interaction")
                        .setProperty("command", header("cmd"))
                        .choice().when(header("reject").isNotNull())
                        .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(401)).end();
                from("direct:worker-judge").routeId("worker-command-job")
                        .setProperty("job", constant(new CommandJob(1, "judge", "1", "2", "t", null, "c", "u", null, "Twig",
                                null, Instant.now())))
                        .throwException(new IllegalStateException("Blizzard down"));
                from("direct:other").routeId("something-else").log("x");
                // the gateway door's shape: the flow's result through enrich, a correlated copy
                from("direct:door").routeId("api-gateway").setProperty(treant.Keys.FLOW_COPY, constant(true))
                        .enrich("direct:interactions", new treant.interactions.FlowAnswer()).removeProperty(treant.Keys.FLOW_COPY);
            }
        });
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private long count(String command, String stage, String outcome) {
        Timer t = meters.find(CommandMetrics.TIMER).tags("command", command, "stage", stage, "outcome", outcome).timer();
        return t == null ? 0 : t.count();
    }

    @Test
    void countsEachCommandByStageAndOutcome() {
        ProducerTemplate p = context.createProducerTemplate();
        p.sendBodyAndHeader("direct:interactions", "{}", "cmd", "gold");
        p.sendBodyAndHeader("direct:interactions", "{}", "cmd", "gold");
        p.sendBodyAndHeader("direct:interactions", "{}", "cmd", "speak");
        p.send("direct:interactions", e -> {
            e.getMessage().setHeader("cmd", "pun");
            e.getMessage().setHeader("reject", true);
        });
        p.sendBodyAndHeader("direct:interactions", "{}", "cmd", "'; DROP TABLE");
        p.send("direct:worker-judge", e -> e.getMessage().setBody("job"));
        p.sendBody("direct:other", "x");

        assertThat(count("gold", "api", "ok")).isEqualTo(2);
        assertThat(count("speak", "api", "ok")).isEqualTo(1);
        assertThat(count("pun", "api", "rejected")).isEqualTo(1);
        assertThat(count("other", "api", "ok")).isEqualTo(1);
        assertThat(count("judge", "worker", "failed")).isEqualTo(1);
        // only the command routes are measured
        assertThat(meters.find(CommandMetrics.TIMER).timers()).hasSize(5);
        assertThat(meters.find(CommandMetrics.TIMER).tags("command", "gold").timer().totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
                .isGreaterThanOrEqualTo(0);
    }

    @Test
    void aDoorThatEnrichesWithTheFlowCountsEachInteractionOnce() {
        context.createProducerTemplate().sendBodyAndHeader("direct:door", "{}", "cmd", "pun");
        assertThat(count("pun", "api", "ok")).isEqualTo(1);
    }
}
