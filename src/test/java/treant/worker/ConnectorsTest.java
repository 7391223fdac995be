package treant.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import treant.Json;
import treant.jobs.CommandJob;
import treant.testing.ConnectorAdvice;
import treant.testing.Fixtures;
import treant.testing.RoleRoutes;

/**
 * What the connectors (routes/connectors/*, called as kamelets) keep of the flows' behaviour: a
 * connector's route runs with the error handler of the route that calls it, so a failed call is
 * retried where it failed (worker-errors), not by running the flow again; the caller's headers never
 * reach the outside system, while the SQS door's receipt handle survives every call.
 */
@CamelMainTest(
        properties = {
            "treant.sqs.endpoint=http://127.0.0.1:9", // never called: the voice queue is a mock here
            "treant.store=embedded",
            "treant.store.embedded-file=./target/connectors-test/treant",
            "treant.worker.retry.initial-delay-ms=10",
        },
        advices = @AdviceRouteMapping(route = "worker-gold-voice", advice = WorkerRoutesTest.OutsideWorld.class))
class ConnectorsTest {

    @Configure
    protected void configure(MainConfigurationProperties main) {
        RoleRoutes.flowsOf(main, "worker");
    }

    final ObjectMapper mapper = Json.newMapper();

    @BeanInject
    CamelContext context;

    @BeanInject
    ProducerTemplate jobs;

    @BeforeEach
    void fixtures() throws Exception {
        ConnectorAdvice.advise(context, WorkerRoutesTest.OutsideWorld::advise, "worker-gold-price", "worker-discord-webhook");
        MockEndpoint.resetMocks(context);
        mock("mock:gold").whenAnyExchangeReceived(Fixtures.httpAnswer(200, "gold/g2g-offer-200.json"));
    }

    MockEndpoint mock(String uri) {
        return context.getEndpoint(uri, MockEndpoint.class);
    }

    Exchange runGold(Map<String, Object> headers) throws Exception {
        String job = mapper.writeValueAsString(new CommandJob(1, "gold", WorkerServices.nextInteractionId(),
                "1318000000000000001", "tok", null, "1200000000000000050", "1100000000000000777", 1000, null, null, Instant.now()));
        return jobs.send("direct:command-job", e -> {
            e.getMessage().setBody(job);
            e.getMessage().setHeaders(new java.util.HashMap<>(headers));
        });
    }

    @Test
    void aFailedCallIsRetriedInsideTheConnectorWithTheCallersErrorHandler() throws Exception {
        int[] edits = {0};
        mock("mock:discord").whenAnyExchangeReceived(e -> {
            if (edits[0]++ == 0) {
                throw new HttpOperationFailedException("https://discord/webhooks/1/tok/messages/@original", 503,
                        "Service Unavailable", null, Map.of(), "");
            }
            Fixtures.httpAnswer(200, "discord/edit-original-200.json").process(e);
        });

        Exchange done = runGold(Map.of());

        assertThat(done.getException()).isNull();
        assertThat(edits[0]).as("the edit, then its retry (worker-errors)").isEqualTo(2);
        assertThat(mock("mock:gold").getReceivedCounter()).as("the flow before the edit is not run again").isEqualTo(1);
    }

    @Test
    void theCallersHeadersStayOutAndTheReceiptHandleStays() throws Exception {
        mock("mock:discord").whenAnyExchangeReceived(Fixtures.httpAnswer(200, "discord/edit-original-200.json"));

        Exchange done = runGold(Map.of("X-From-The-Queue", "leak", "CamelAwsSqsReceiptHandle", "receipt-1"));

        assertThat(done.getException()).isNull();
        for (String call : new String[] {"mock:gold", "mock:discord"}) {
            Exchange sent = mock(call).getReceivedExchanges().get(0);
            assertThat(sent.getMessage().getHeaders()).as(call).doesNotContainKey("X-From-The-Queue");
        }
        assertThat(done.getMessage().getHeader("CamelAwsSqsReceiptHandle")).as("the SQS door deletes the message with it")
                .isEqualTo("receipt-1");
    }
}
