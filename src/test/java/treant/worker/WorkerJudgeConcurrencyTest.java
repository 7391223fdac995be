package treant.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import treant.Json;
import treant.jobs.CommandJob;
import treant.testing.Fixtures;
import treant.testing.ConnectorAdvice;
import treant.testing.RoleRoutes;

/**
 * A burst of judge jobs has all its character calls in flight at once: they run on the worker's own
 * pool ({@code treant.worker.judge-call-threads}), not Camel's default pool of 10 threads, which
 * queued a burst's calls behind each other. The four calls are advised into processors that wait
 * until every call of the burst has arrived (a mock endpoint would not do: it takes one exchange at a time).
 */
@CamelMainTest(
        properties = {
            "treant.sqs.endpoint=http://127.0.0.1:9", // never called
            "treant.store=embedded",
            "treant.store.embedded-file=./target/worker-judge-concurrency-test/treant",
            "treant.gemini.api-key=test-gemini-key",
        },
        advices = {
            @AdviceRouteMapping(route = "worker-gold-voice", advice = WorkerJudgeConcurrencyTest.Calls.class),
        })
class WorkerJudgeConcurrencyTest {

    // 6 jobs × 4 character calls: more than Camel's default pool would run at once
    static final int JOBS = 6;
    static final CountDownLatch ALL_IN_FLIGHT = new CountDownLatch(JOBS * 4);

    static final Map<String, String> CHARACTER_CALLS = Map.of(
            "worker-blizzard-equipment", "blizzard/equipment-classicann-barkskin.json",
            "worker-blizzard-profile", "blizzard/character-profile-classicann-barkskin.json",
            "worker-blizzard-media", "blizzard/character-media-classicann-barkskin.json",
            "worker-blizzard-specializations", "blizzard/specializations-classicann-barkskin.json");

    /** The character calls wait for the whole burst; the token, Gemini, the edit and the voice queue are mocks. */
    public static class Calls extends AdviceWithRouteBuilder {
        @Override
        public void configure() throws Exception {
            advise(this);
        }

        static void advise(AdviceWithRouteBuilder a) throws Exception {
            String route = a.getOriginalRoute().getRouteId();
            String fixture = CHARACTER_CALLS.get(route);
            if (fixture != null) {
                a.weaveById("blizzard-call").replace().process(e -> {
                    ALL_IN_FLIGHT.countDown();
                    ALL_IN_FLIGHT.await(30, TimeUnit.SECONDS);
                    Fixtures.httpAnswer(200, fixture).process(e);
                });
                a.weaveById("blizzard-token-call").replace().to("mock:blizzard-token-call");
            }
            Map.of("worker-gemini-generate", "gemini-call", "worker-discord-webhook", "discord-edit-call",
                    "worker-gold-voice", "worker-to-voice-queue").forEach((r, id) -> {
                        if (route.equals(r)) {
                            a.weaveById(id).replace().to("mock:" + id);
                        }
                    });
        }
    }

    @Configure
    protected void configure(MainConfigurationProperties main) {
        RoleRoutes.flowsOf(main, "worker");
    }

    @BeanInject
    CamelContext context;

    @BeanInject
    ProducerTemplate jobs;

    @BeforeEach
    void connectors() throws Exception {
        ConnectorAdvice.advise(context, Calls::advise, "worker-blizzard-equipment", "worker-blizzard-profile", "worker-blizzard-media",
                "worker-blizzard-specializations", "worker-gemini-generate", "worker-discord-webhook");
    }

    @Test
    void aBurstOfJudgeJobsHasAllItsCharacterCallsInFlightAtOnce() throws Exception {
        answer("mock:blizzard-token-call", "blizzard/oauth-token.json");
        answer("mock:gemini-call", "gemini/generate-content-structured-200.json");
        answer("mock:discord-edit-call", "discord/edit-original-200.json");
        MockEndpoint edits = context.getEndpoint("mock:discord-edit-call", MockEndpoint.class);
        edits.expectedMessageCount(JOBS);

        ObjectMapper mapper = Json.newMapper();
        List<CompletableFuture<Object>> sent = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            CommandJob job = new CommandJob(1, "judge", WorkerServices.nextInteractionId(), "1318000000000000001", "tok",
                    "1200000000000000001", "1200000000000000050", "1100000000000000777", null, "Barkskin", null, Instant.now());
            sent.add(jobs.asyncSendBody("direct:command-job", mapper.writeValueAsString(job)));
        }
        assertThat(ALL_IN_FLIGHT.await(10, TimeUnit.SECONDS))
                .as("character calls in flight at once: %d of %d", JOBS * 4 - ALL_IN_FLIGHT.getCount(), JOBS * 4).isTrue();
        for (CompletableFuture<Object> f : sent) {
            f.get(30, TimeUnit.SECONDS);
        }
        edits.assertIsSatisfied();
    }

    void answer(String uri, String fixture) {
        context.getEndpoint(uri, MockEndpoint.class).whenAnyExchangeReceived(Fixtures.httpAnswer(200, fixture));
    }
}
