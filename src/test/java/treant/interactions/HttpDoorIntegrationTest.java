package treant.interactions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import treant.testing.ApiUnderTest;
import treant.testing.DiscordSigner;
import treant.testing.Fixtures;
import treant.testing.LocalSqs;
import treant.testing.LogLines;

/**
 * The HTTP door against hostile or broken peers, on the real api role (TreantMain, ElasticMQ) over
 * loopback sockets: connections that hold the door without using it are closed within their
 * settings, request framing and media types are read as HTTP says, and nothing a stranger sends
 * makes the log say more than INFO.
 */
class HttpDoorIntegrationTest {

    /** Apart, so each close shows which setting did it. */
    static final long IDLE_MS = 5000;
    static final long HEADER_MS = 1000;
    /** Loopback on a loaded 2-core machine: how late a close may come after its setting. */
    static final long SLACK_MS = 2500;

    static ApiUnderTest api;
    static URI url;

    @BeforeAll
    static void start() throws Exception {
        api = ApiUnderTest.start(Map.of("treant.http.idle-timeout-ms", Long.toString(IDLE_MS),
                "treant.http.header-timeout-ms", Long.toString(HEADER_MS), "treant.http.request-timeout-ms", "1000",
                "treant.blizzard.client-id", "test-client", "treant.blizzard.client-secret", "test-secret"));
        url = URI.create(api.app.interactionsUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    @Test
    void idleAndTricklingConnectionsAreClosedWithinTheirSettings() throws Exception {
        int each = 40;
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<Long>> idle = new ArrayList<>();
            List<Future<Long>> trickling = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                idle.add(threads.submit(() -> msUntilClosed(false)));
                trickling.add(threads.submit(() -> msUntilClosed(true)));
            }
            // meanwhile the door still serves: a signed PING on a connection of its own
            assertThat(api.discord.send(Fixtures.bytes("discord/ping.json")).body()).isEqualTo("{\"type\":1}");
            for (Future<Long> closedAfter : idle) {
                assertThat(closedAfter.get()).as("an idle connection, closed after (ms)")
                        .isBetween(IDLE_MS - 200, IDLE_MS + SLACK_MS);
            }
            for (Future<Long> closedAfter : trickling) {
                // the head's deadline, well before the idle timeout
                assertThat(closedAfter.get()).as("a trickling request head, closed after (ms)")
                        .isBetween(HEADER_MS - 200, HEADER_MS + SLACK_MS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Opens a connection, sends nothing (or a request head one line at a time), and waits for the server to close it. */
    static long msUntilClosed(boolean trickle) throws IOException {
        long bound = IDLE_MS + 2 * SLACK_MS;
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            long start = System.nanoTime();
            socket.setSoTimeout(300);
            OutputStream out = socket.getOutputStream();
            if (trickle) {
                out.write(("POST " + url.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            for (int line = 0; ; line++) {
                long elapsed = (System.nanoTime() - start) / 1_000_000;
                if (elapsed > bound) {
                    return elapsed; // still open: the assertion says how long it was held
                }
                try {
                    if (trickle) {
                        out.write(("X-Trickle-" + line + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    if (socket.getInputStream().read() < 0) {
                        return (System.nanoTime() - start) / 1_000_000;
                    }
                } catch (SocketTimeoutException stillOpen) {
                    // nothing from the server yet
                } catch (IOException reset) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
            }
        }
    }

    @Test
    void aMediaTypeInAnyCaseIsJson() throws Exception {
        for (String contentType : List.of("APPLICATION/JSON", "Application/Json; charset=UTF-8")) {
            byte[] body = Fixtures.bytes("discord/ping.json");
            String ts = DiscordSigner.now();
            HttpRequest request = HttpRequest.newBuilder(url).header("Content-Type", contentType)
                    .header("X-Signature-Ed25519", api.discord.signer.sign(ts, body)).header("X-Signature-Timestamp", ts)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(contentType).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"type\":1}");
        }
    }

    @Test
    void aRequestFramedBothByLengthAndByChunksIsRefused() throws Exception {
        byte[] body = Fixtures.bytes("discord/pun.json");
        String ts = DiscordSigner.now();
        String chunked = Integer.toHexString(body.length) + "\r\n" + new String(body, StandardCharsets.UTF_8) + "\r\n0\r\n\r\n";
        String status = exchange("POST " + url.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "X-Signature-Ed25519: " + api.discord.signer.sign(ts, body) + "\r\nX-Signature-Timestamp: " + ts + "\r\n"
                + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked);
        assertThat(status).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(api.sqs.drain(LocalSqs.VOICE)).as("nothing enqueued").isEmpty();
    }

    @Test
    void nothingAStrangerSendsLogsAboveInfo() throws Exception {
        try (LogLines log = LogLines.ofAll()) {
            String post = "POST " + url.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
            assertThat(exchange(post + "Content-Type: application/json\r\nContent-Length: 70000\r\n\r\n" + " ".repeat(70_000)))
                    .endsWith("413 Request Entity Too Large");
            assertThat(exchange(post + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "11170\r\n" + " ".repeat(70_000) + "\r\n0\r\n\r\n")).endsWith("413 Request Entity Too Large");
            assertThat(exchange(post + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 10\r\n\r\n--b--\r\n"))
                    .contains(" 415 ");
            assertThat(exchange(post + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"type\":"))
                    .as("a stalled body, after the request timeout").contains(" 503 ");
            assertThat(exchange("GET " + url.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).contains(" 405 ");
            assertThat(exchange("GET /elsewhere HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).contains(" 404 ");
            assertThat(exchange("NOT HTTP AT ALL\r\n\r\n")).contains(" 400 ");
            assertThat(exchange(post + "Content-Type: application/json\r\nContent-Length: 5\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")).contains(" 400 ");
            assertThat(api.discord.send(Fixtures.bytes("discord/gold.json"), null, null).statusCode()).isEqualTo(401);
            // a caller hanging up half-way through its body
            try (Socket socket = new Socket(url.getHost(), url.getPort())) {
                socket.getOutputStream().write((post + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                Thread.sleep(200);
            }
            Thread.sleep(500); // the server notices the hang-up
            assertThat(log.warningsAndErrors()).isEmpty();
        }
    }

    /** Sends raw bytes on a connection of their own; the status line of the answer (or "closed"). */
    static String exchange(String request) throws IOException {
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000);
            try {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
            } catch (IOException refusedMidWay) {
                // the server may answer (and close) before a large body is all written
            }
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return status == null ? "closed" : status;
        }
    }
}
