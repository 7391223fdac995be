package treant.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import treant.testing.Fixtures;
import treant.worker.WorkerServices;

/**
 * Every outside service of the worker as a local fake, for running the real jar by hand
 * (bin/verify-worker-restart): ElasticMQ, dynalite with the table, WireMock serving the fixtures
 * for Discord, Blizzard, Gemini and the marketplace (the price answer slowed by {@code delayMs},
 * so a process can be killed mid-job). Writes the TREANT_* settings to {@code envFile}; stops
 * after {@code maxSeconds}. With {@code store} = {@code embedded} (bin/camel-smoke) there is no
 * dynalite and the worker keeps its price history in its embedded file. The queues get a
 * visibility timeout of {@code visibilitySeconds} (default 10) and a dead-letter queue after 5 receives.
 */
public final class WorkerFakes {

    public static void main(String[] args) throws Exception {
        Path envFile = Path.of(args[0]);
        int delayMs = Integer.parseInt(args.length > 1 ? args[1] : "0");
        int maxSeconds = Integer.parseInt(args.length > 2 ? args[2] : "600");
        String store = args.length > 3 ? args[3] : "dynamodb";
        int visibilitySeconds = Integer.parseInt(args.length > 4 ? args[4] : "10");
        try (WorkerServices services = new WorkerServices().start(store.equals("dynamodb"))) {
            if (services.dynalite != null) {
                services.dynalite.createTable("GoldPriceHistory");
            }
            services.stubHappyPath();
            services.stub(get(urlPathEqualTo(WorkerServices.OFFER_PATH)).atPriority(1).willReturn(aResponse()
                    .withStatus(200).withHeader("Content-Type", "application/json").withFixedDelay(delayMs)
                    .withBody(Fixtures.bytes("gold/g2g-offer-200.json"))));
            Map<String, String> p = services.workerProperties(services.freshQueues(5, visibilitySeconds), store,
                    store.equals("dynamodb") ? "GoldPriceHistory" : "./target/camel-smoke/treant");
            // the queues' own visibility is the fakes'; the consumer's (treant.sqs.visibility-timeout) stays the app's default
            p.remove("treant.sqs.visibility-timeout");
            p.put("wiremock.url", services.wiremock.baseUrl());
            Files.writeString(envFile, p.entrySet().stream()
                    .map(e -> e.getKey().toUpperCase().replace('.', '_').replace('-', '_') + "='" + e.getValue() + "'")
                    .sorted().collect(Collectors.joining("\n")) + "\n");
            Thread.sleep(maxSeconds * 1000L);
        }
        System.exit(0);
    }
}
