package treant.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import treant.jobs.CommandJob;

/**
 * camel.metrics.* as application.properties (on the test classpath) sets them: Prometheus text on the management server's
 * /observe/metrics, with per-route (per-command) counts, failures and latency and the queue-to-answer timer.
 */
class MetricsEndpointTest {

    private Main main;
    private int port;

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        main = new Main();
        // the metrics settings are application.properties' own; only the address is the test's
        main.addOverrideProperty("treant.management.host", "127.0.0.1");
        main.addOverrideProperty("treant.management.port", String.valueOf(port));
        Clock answeredAt = Clock.fixed(Instant.parse("2026-11-25T20:00:02.500Z"), ZoneOffset.UTC);
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:worker-gold").routeId("worker-gold")
                        .setProperty("job", body())
                        .setBody(constant("edited"))
                        .process(new RecordQueueToAnswer(answeredAt));
                from("direct:worker-judge").routeId("worker-judge")
                        .throwException(new IllegalStateException("Blizzard down"));
            }
        });
        main.start();
    }

    @AfterEach
    void stop() {
        main.stop();
    }

    @Test
    void exposesPerCommandCountsFailuresLatencyAndQueueToAnswer() throws Exception {
        CamelContext context = main.getCamelContext();
        ProducerTemplate producer = context.createProducerTemplate();
        CommandJob gold = new CommandJob(1, "gold", "1", "2", "tok", "3", "4", "5", 1000, null, null,
                Instant.parse("2026-11-25T20:00:00Z"));
        producer.sendBody("direct:worker-gold", gold);
        producer.sendBody("direct:worker-gold", gold);
        producer.send("direct:worker-judge", e -> e.getMessage().setBody("x"));

        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        String text = response.body();
        assertThat(text).containsPattern("treant_queue_to_answer_seconds_count\\{command=\"gold\"[^}]*} 2(\\.0)?\\n");
        assertThat(text).containsPattern("treant_queue_to_answer_seconds_sum\\{command=\"gold\"[^}]*} 5(\\.0)?\\n");
        assertThat(text).containsPattern("treant_queue_to_answer_seconds_bucket\\{command=\"gold\",le=\"3\\.0\"[^}]*} 2(\\.0)?\\n");
        // per-route = per-command counts, failures, latency
        assertThat(text).containsPattern("camel_exchanges_total\\{[^}]*routeId=\"worker-gold\"[^}]*} 2(\\.0)?\\n");
        assertThat(text).containsPattern("camel_exchanges_failed_total\\{[^}]*routeId=\"worker-judge\"[^}]*} 1(\\.0)?\\n");
        assertThat(text).containsPattern("camel_route_policy_seconds_count\\{[^}]*routeId=\"worker-gold\"[^}]*} 2(\\.0)?\\n");
    }
}
