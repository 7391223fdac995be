package treant.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.apache.hc.core5.http.HttpEntity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import treant.Json;
import treant.jobs.CommandJob;
import treant.testing.Fixtures;
import treant.testing.ConnectorAdvice;
import treant.testing.RoleRoutes;

/**
 * The job's time budget in the worker's routes: a 6 s budget of which the last 3 s are kept for the
 * error edit. Retries stop when the budget would be exceeded, whatever their count allows, and a
 * 429's wait that does not fit is not waited for: the user gets the error edit inside the budget.
 */
@CamelMainTest(
        properties = {
            "treant.sqs.endpoint=http://127.0.0.1:9",
            "treant.store=embedded",
            "treant.store.embedded-file=./target/worker-budget-test/treant",
            "treant.worker.job-budget-seconds=6",
            "treant.worker.error-edit-reserve-seconds=3",
            "treant.worker.retry.max-redeliveries=100",
            "treant.worker.retry.initial-delay-ms=200",
            "treant.worker.retry.max-delay-ms=400",
        },
        advices = {
            @AdviceRouteMapping(route = "worker-gold-voice", advice = WorkerRoutesTest.OutsideWorld.class),
        })
class WorkerJobBudgetTest {

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
        mock("mock:discord").whenAnyExchangeReceived(Fixtures.httpAnswer(200, "discord/edit-original-200.json"));
    }

    MockEndpoint mock(String uri) {
        return context.getEndpoint(uri, MockEndpoint.class);
    }

    CommandJob gold() {
        return new CommandJob(1, "gold", WorkerServices.nextInteractionId(), "1318000000000000001", "tok",
                "1200000000000000001", "1200000000000000050", "1100000000000000777", 1000, null, null, Instant.now());
    }

    Exchange run(CommandJob job) throws Exception {
        String body = mapper.writeValueAsString(job);
        return jobs.send("direct:command-job", e -> e.getMessage().setBody(body));
    }

    String errorEditText() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mock("mock:discord").getExchanges().get(0).getMessage().getBody(HttpEntity.class).writeTo(out);
        return mapper.readTree(out.toString(StandardCharsets.UTF_8)).path("content").asText();
    }

    @Test
    void retriesStopWhereTheBudgetEndsNotWhereTheirCountWould() throws Exception {
        mock("mock:gold").whenAnyExchangeReceived(e -> {
            throw new HttpOperationFailedException("https://marketplace/offer", 503, "Service Unavailable", null, Map.of(), "");
        });
        mock("mock:discord").expectedMessageCount(1);
        long started = System.nanoTime();
        Exchange done = run(gold());
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(done.getException()).as("left for SQS to redeliver").isInstanceOf(HttpOperationFailedException.class);
        MockEndpoint.assertIsSatisfied(context);
        assertThat(errorEditText()).isNotBlank();
        // tried every 200-400 ms while a try still had 1 s before the calls' deadline (3 s in): about 6 tries, not 101
        int tries = mock("mock:gold").getReceivedCounter();
        assertThat(tries).isBetween(4, 10);
        assertThat(tookMs).isBetween(1_500L, 3_500L);
    }

    @Test
    void aRetryAfterThatDoesNotFitTheBudgetIsNotWaitedFor() throws Exception {
        mock("mock:gold").whenAnyExchangeReceived(e -> {
            throw new HttpOperationFailedException("https://marketplace/offer", 429, "Too Many Requests", null,
                    Map.of("Retry-After", "10"), "");
        });
        mock("mock:gold").expectedMessageCount(1);
        mock("mock:discord").expectedMessageCount(1);
        long started = System.nanoTime();
        Exchange done = run(gold());
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(done.getException()).isInstanceOf(HttpOperationFailedException.class);
        MockEndpoint.assertIsSatisfied(context);
        assertThat(tookMs).as("no 10 s wait").isLessThan(3_000L);
    }

    @Test
    void theErrorEditHasTheReservedEndOfTheBudgetToItself() throws Exception {
        // the answer's edit is rate limited for 1.5 s: past the calls' deadline (budget less 3 s reserve)
        // once the gold call has failed, but inside the reserve, so the error edit waits and goes out
        mock("mock:gold").whenAnyExchangeReceived(e -> {
            throw new HttpOperationFailedException("https://marketplace/offer", 503, "Service Unavailable", null, Map.of(), "");
        });
        int[] edits = {0};
        mock("mock:discord").whenAnyExchangeReceived(e -> {
            if (edits[0]++ == 0) {
                throw new HttpOperationFailedException("https://discord/webhooks/1/tok/messages/@original", 429,
                        "Too Many Requests", null, Map.of(), "{\"retry_after\": 1.5, \"global\": false}");
            }
            Fixtures.httpAnswer(200, "discord/edit-original-200.json").process(e);
        });
        long started = System.nanoTime();
        run(gold());
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(edits[0]).as("the error edit, then its one retry after retry_after").isEqualTo(2);
        assertThat(tookMs).isBetween(3_000L, 6_000L);
    }
}
