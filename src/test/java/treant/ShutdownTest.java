package treant;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import treant.testing.Await;
import treant.testing.DiscordSigner;
import treant.testing.LogLines;
import treant.testing.TreantApp;
import treant.worker.WorkerServices;

/**
 * Stopping the api and worker roles (what SIGTERM does, through Camel Main's shutdown) while the worker
 * waits in its 20 s SQS long poll and strangers hold requests half sent: done well within
 * {@code camel.main.shutdown-timeout} (10 s), with no WARN or ERROR.
 */
class ShutdownTest {

    @Test
    void anIdleApiAndWorkerStopQuietlyWithinTheShutdownTimeout() throws Exception {
        try (WorkerServices services = new WorkerServices().start(false)) {
            Map<String, String> props = services.workerProperties(services.freshQueues(3, 30), "embedded",
                    Files.createTempDirectory("treant-shutdown").resolve("treant").toString());
            props.put("treant.worker.wait-time-seconds", "20"); // the shipped long poll
            props.put("treant.discord.public-key", new DiscordSigner().publicKeyHex());
            TreantApp app = TreantApp.start("api,worker", props);
            List<Socket> halfSent = new ArrayList<>();
            try {
                Await.until(Duration.ofSeconds(30), "the worker's first long poll returned (ready)", () -> ready(app));
                Thread.sleep(1000); // the next long poll is under way
                URI url = URI.create(app.interactionsUrl());
                for (int i = 0; i < 5; i++) {
                    Socket socket = new Socket(url.getHost(), url.getPort());
                    socket.getOutputStream().write(("POST " + url.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                    halfSent.add(socket);
                }
                Thread.sleep(300);
            } catch (Exception | AssertionError e) {
                app.close();
                throw e;
            }
            try (LogLines log = LogLines.ofAll()) {
                long start = System.nanoTime();
                app.close();
                long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(tookMs).as("shutdown (ms), against camel.main.shutdown-timeout = 10 s").isLessThan(5_000);
                assertThat(log.warningsAndErrors()).isEmpty();
            } finally {
                for (Socket socket : halfSent) {
                    socket.close();
                }
            }
        }
    }

    static boolean ready(TreantApp app) {
        try {
            var http = java.net.http.HttpClient.newHttpClient();
            return http.send(java.net.http.HttpRequest.newBuilder(URI.create(app.healthUrl() + "/ready")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception notYet) {
            return false;
        }
    }
}
