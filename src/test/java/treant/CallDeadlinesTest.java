package treant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Clock;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Camel's http component with CallDeadlines, against WireMock on loopback: an upstream that trickles
 * its body (each chunk well inside the per-read timeout) or its headers is cut at the call's overall
 * deadline, or earlier at the exchange's {@link Keys#CALL_DEADLINE}.
 */
@Timeout(60)
class CallDeadlinesTest {

    static final String BODY = "{\"payload\":{\"converted_unit_price\":0.00612}}".repeat(20);

    WireMockServer upstream;
    DefaultCamelContext camel;
    ProducerTemplate template;

    void start(long callTimeoutMs) throws Exception {
        upstream = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        upstream.start();
        // 20 chunks over 20 s: a chunk a second, far inside the 12 s per-read timeout
        upstream.stubFor(get(urlEqualTo("/trickle")).willReturn(aResponse().withStatus(200).withBody(BODY)
                .withChunkedDribbleDelay(20, 20_000)));
        upstream.stubFor(get(urlEqualTo("/slow-headers")).willReturn(aResponse().withStatus(200).withBody("{}")
                .withFixedDelay(8_000)));
        upstream.stubFor(get(urlEqualTo("/quick")).willReturn(aResponse().withStatus(200).withBody(BODY)));
        camel = new DefaultCamelContext();
        CallDeadlines deadlines = new CallDeadlines(callTimeoutMs, Clock.systemUTC());
        HttpComponent http = camel.getComponent("http", HttpComponent.class);
        http.setHttpClientConfigurer(deadlines);
        http.setHttpActivityListener(deadlines);
        http.setAutomaticRetriesDisabled(true); // as application.properties has it: retries are the routes'
        http.setSoTimeout(12_000);
        http.setResponseTimeout(12_000);
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        if (upstream != null) {
            upstream.stop();
        }
    }

    Exchange call(String path, Instant callDeadline) {
        return template.send("http://127.0.0.1:" + upstream.port() + path, e -> {
            e.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
            if (callDeadline != null) {
                e.setProperty(Keys.CALL_DEADLINE, callDeadline);
            }
        });
    }

    @Test
    void aTricklingBodyIsCutAtTheCallTimeoutNotAfterTheWholeTrickle() throws Exception {
        start(1_500);
        long started = System.nanoTime();
        Exchange done = call("/trickle", null);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(done.getException()).isInstanceOf(CallDeadlines.Exceeded.class)
                .hasMessageContaining("GET 127.0.0.1:" + upstream.port()).hasMessageContaining("1500 ms");
        assertThat(tookMs).isBetween(1_400L, 5_000L);
    }

    @Test
    void headersThatNeverComeAreCutAtTheCallTimeout() throws Exception {
        start(1_500);
        long started = System.nanoTime();
        Exchange done = call("/slow-headers", null);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(done.getException()).isInstanceOf(CallDeadlines.Exceeded.class);
        assertThat(tookMs).isBetween(1_400L, 5_000L);
    }

    @Test
    void theExchangesDeadlineCutsEarlierThanTheCallTimeout() throws Exception {
        start(30_000);
        long started = System.nanoTime();
        Exchange done = call("/trickle", Instant.now().plusMillis(700));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(done.getException()).isInstanceOf(CallDeadlines.Exceeded.class);
        assertThat(tookMs).isBetween(500L, 4_000L);
    }

    @Test
    void aDeadlineAlreadyPastMakesNoCallAtAll() throws Exception {
        start(30_000);
        Exchange done = call("/quick", Instant.now().minusMillis(1));
        assertThat(done.getException()).isInstanceOf(CallDeadlines.Exceeded.class).hasMessageContaining("not called");
        upstream.verify(0, getRequestedFor(urlEqualTo("/quick")));
    }

    @Test
    void callsInsideTheirDeadlineAreUntouchedAndTheirPooledConnectionStaysUsable() throws Exception {
        start(400);
        Exchange first = call("/quick", null);
        assertThat(first.getException()).isNull();
        assertThat(first.getMessage().getBody(String.class)).isEqualTo(BODY);
        Thread.sleep(800); // past the first call's deadline: its timer must not touch the pooled connection
        Exchange second = call("/quick", Instant.now().plusSeconds(10));
        assertThat(second.getException()).isNull();
        assertThat(second.getMessage().getBody(String.class)).isEqualTo(BODY);
    }
}
