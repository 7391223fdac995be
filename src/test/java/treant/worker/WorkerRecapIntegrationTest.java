package treant.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static treant.worker.WorkerServices.json;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import treant.testing.TreantApp;

/**
 * The automatic recap with real parts: workers as the application runs them, the store on DynamoDB
 * (dynalite) or the embedded H2 file, Warcraft Logs and Discord on WireMock serving the fixtures.
 * Each report's recap goes to the channel once, however many workers poll, whatever restarts.
 */
class WorkerRecapIntegrationTest {

    static final String POST_PATH = WorkerServices.CHANNEL_POST_PATH;
    static final String API_PATH = WorkerServices.WARCRAFTLOGS_API_PATH;
    static WorkerServices services;
    static int tables;

    Map<String, String> queues;
    final List<TreantApp> workers = new ArrayList<>();

    @BeforeAll
    static void startServices() throws Exception {
        services = new WorkerServices().start(true);
    }

    @AfterAll
    static void stopServices() throws Exception {
        services.close();
    }

    @BeforeEach
    void stubs() {
        services.stubHappyPath();
        queues = services.freshQueues(2, 2);
        services.stub(post(urlPathEqualTo("/warcraftlogs/oauth/token")).willReturn(json(200, "warcraftlogs/oauth-token.json")));
        services.stub(post(urlPathEqualTo(API_PATH)).withRequestBody(containing("GuildReports"))
                .willReturn(json(200, "warcraftlogs/reports-guild.json")));
        Map<String, String> reports = Map.of("a1B2c3D4e5F6g7H8", "report-karazhan.json",
                "Hh7Gg6Ff5Ee4Dd3C", "report-wipes-only.json", "Ss1Tt2Uu3Vv4Ww5X", "report-unknown.json");
        reports.forEach((code, fixture) -> services.stub(post(urlPathEqualTo(API_PATH))
                .withRequestBody(matchingJsonPath("$.variables.code", com.github.tomakehurst.wiremock.client.WireMock.equalTo(code)))
                .willReturn(json(200, "warcraftlogs/" + fixture))));
        services.stub(post(urlPathEqualTo(WorkerServices.GEMINI_PATH)).withRequestBody(containing("chronicle")).atPriority(1)
                .willReturn(json(200, "gemini/recap-summary-structured-200.json")));
        services.stub(post(urlPathEqualTo(POST_PATH)).willReturn(json(200, "discord/channel-message-200.json")));
    }

    @AfterEach
    void stopWorkers() throws Exception {
        for (TreantApp w : workers) {
            w.close();
        }
        workers.clear();
    }

    TreantApp startWorker(String store, String storeName, Map<String, String> settings) throws Exception {
        Map<String, String> p = services.workerProperties(queues, store, storeName);
        p.putAll(services.recapProperties());
        // the polls are the test's to make (direct:recap-poll); the timer is started but waits
        p.put("treant.warcraftlogs.first-poll-seconds", "3600");
        p.putAll(settings);
        TreantApp w = TreantApp.start("worker", p);
        workers.add(w);
        return w;
    }

    static void poll(TreantApp worker) {
        worker.context().createProducerTemplate().sendBody("direct:recap-poll", null);
    }

    static List<String> postedNonces() throws Exception {
        List<String> nonces = new ArrayList<>();
        for (LoggedRequest r : services.wiremock.findAll(postRequestedFor(urlPathEqualTo(POST_PATH)))) {
            nonces.add(services.mapper.readTree(r.getBodyAsString()).path("nonce").asText());
        }
        return nonces;
    }

    @Test
    void twoWorkersPollingTogetherPostEachReportOnceAndARestartedOneNothingMore() throws Exception {
        String table = "RecapIt" + (++tables);
        services.dynalite.createTable(table);
        TreantApp a = startWorker("dynamodb", table, Map.of());
        TreantApp b = startWorker("dynamodb", table, Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> polls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                polls.add(pool.submit(() -> poll(a)));
                polls.add(pool.submit(() -> poll(b)));
            }
            for (Future<?> f : polls) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // Karazhan and the Gruul night; the third report cannot be read (unknown): never posted
        assertThat(postedNonces()).containsExactlyInAnyOrder("recap-a1B2c3D4e5F6g7H8", "recap-Hh7Gg6Ff5Ee4Dd3C");

        a.close();
        workers.remove(a);
        TreantApp again = startWorker("dynamodb", table, Map.of());
        poll(again);
        poll(b);
        assertThat(postedNonces()).as("after a restart").hasSize(2);
        String kara = services.wiremock.findAll(postRequestedFor(urlPathEqualTo(POST_PATH))).stream()
                .map(LoggedRequest::getBodyAsString).filter(body -> body.contains("recap-a1B2c3D4e5F6g7H8")).findFirst().orElseThrow();
        assertThat(services.mapper.readTree(kara).at("/embeds/0/description").asText())
                .as("with the AI summary").contains("> Twig met the floor twice.");
    }

    @Test
    void aRestartedWorkerOnTheEmbeddedStorePostsNothingTwice() throws Exception {
        String file = Files.createTempDirectory("treant-recap-it").resolve("treant").toString();
        TreantApp first = startWorker("embedded", file, Map.of());
        poll(first);
        assertThat(postedNonces()).hasSize(2);
        first.close();
        workers.remove(first);
        poll(startWorker("embedded", file, Map.of()));
        assertThat(postedNonces()).hasSize(2);
    }

    @Test
    void theTimerStartsOnlyWhenEverythingItNeedsIsSetUp() throws Exception {
        String file = Files.createTempDirectory("treant-recap-it").resolve("treant").toString();
        TreantApp on = startWorker("embedded", file, Map.of("treant.warcraftlogs.first-poll-seconds", "1"));
        awaitStatus(on, ServiceStatus.Started);
        treant.testing.Await.until(java.time.Duration.ofSeconds(20), "the timer's first poll posting the recaps",
                () -> services.wiremock.findAll(postRequestedFor(urlPathEqualTo(POST_PATH))).size() == 2);
        on.close();
        workers.remove(on);
        services.wiremock.resetRequests();
        Map<String, String> noCredentials = new HashMap<>();
        noCredentials.put("treant.warcraftlogs.client-id", "");
        noCredentials.put("treant.warcraftlogs.client-secret", "");
        TreantApp off = startWorker("embedded", file, noCredentials);
        Thread.sleep(500); // the set-up route runs once, right after start
        assertThat(off.context().getRouteController().getRouteStatus("worker-recap-timer")).isEqualTo(ServiceStatus.Stopped);
        poll(off);
        assertThat(services.wiremock.findAll(postRequestedFor(urlPathEqualTo(API_PATH)))).as("no call to Warcraft Logs").isEmpty();
    }

    static void awaitStatus(TreantApp app, ServiceStatus status) throws Exception {
        for (int i = 0; i < 50 && app.context().getRouteController().getRouteStatus("worker-recap-timer") != status; i++) {
            Thread.sleep(100);
        }
        assertThat(app.context().getRouteController().getRouteStatus("worker-recap-timer")).isEqualTo(status);
    }
}
