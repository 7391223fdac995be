package treant.interactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import treant.testing.DiscordSigner;
import treant.testing.Fixtures;
import treant.testing.RoleRoutes;

/** /treant recap at the api, set up with a Warcraft Logs client: deferred, the report's code in the job. */
@CamelMainTest(
        properties = {
            "treant.discord.public-key=" + DiscordSigner.FIXED_PUBLIC_KEY,
            "treant.sqs.endpoint=http://127.0.0.1:9", // never called: the queues are mocks here
            "treant.warcraftlogs.client-id=test-client",
            "treant.warcraftlogs.client-secret=test-secret",
            "treant.warcraftlogs.guild=Grove Wardens, dreamscythe, us",
        },
        advices = @AdviceRouteMapping(route = "api-interaction-verified", advice = InteractionsRouteTest.QueuesAsMocks.class))
class RecapInteractionsRouteTest {

    @Configure
    protected void configure(MainConfigurationProperties main) {
        RoleRoutes.flowsOf(main, "api");
    }

    final DiscordSigner discord = new DiscordSigner(DiscordSigner.FIXED_SEED);

    @EndpointInject("mock:command-queue")
    MockEndpoint commandQueue;

    @org.apache.camel.BeanInject
    ProducerTemplate template;

    @BeforeEach
    void reset() {
        MockEndpoint.resetMocks(commandQueue.getCamelContext());
    }

    JsonNode post(byte[] body) throws Exception {
        String ts = DiscordSigner.now();
        Exchange e = template.request("direct:interaction", x -> {
            x.getMessage().setBody(body);
            x.getMessage().setHeaders(Map.of("X-Signature-Ed25519", discord.sign(ts, body), "X-Signature-Timestamp", ts));
        });
        return Fixtures.MAPPER.readTree(e.getMessage().getBody(String.class));
    }

    @Test
    void aReportLinkIsDeferredAndQueuedAsItsCode() throws Exception {
        commandQueue.expectedMessageCount(1);
        commandQueue.message(0).body(String.class).contains("\"command\":\"recap\"");
        commandQueue.message(0).body(String.class).contains("\"report\":\"a1B2c3D4e5F6g7H8\"");
        assertThat(post(Fixtures.bytes("discord/recap.json")).get("type").asInt()).isEqualTo(5);
        MockEndpoint.assertIsSatisfied(commandQueue);
    }

    @Test
    void noReportMeansTheGuildsLatest() throws Exception {
        commandQueue.expectedMessageCount(1);
        commandQueue.message(0).body(String.class).contains("\"report\":null");
        ObjectNode recap = Fixtures.tree("recap");
        recap.put("id", "1318000000000077001");
        ((ObjectNode) recap.path("data").path("options").get(0)).remove("options");
        assertThat(post(Fixtures.toBytes(recap)).get("type").asInt()).isEqualTo(5);
        MockEndpoint.assertIsSatisfied(commandQueue);
    }

    @Test
    void somethingThatIsNoReportIsAnsweredEphemerallyAndQueuesNothing() throws Exception {
        commandQueue.expectedMessageCount(0);
        ObjectNode recap = Fixtures.tree("recap");
        recap.put("id", "1318000000000077002");
        Fixtures.firstOption(recap).put("value", "https://example.com/reports/a1B2c3D4e5F6g7H8");
        JsonNode answer = post(Fixtures.toBytes(recap));
        assertThat(answer.at("/data/flags").asInt()).isEqualTo(64);
        assertThat(answer.at("/data/content").asText()).contains("is not a Warcraft Logs report");
        MockEndpoint.assertIsSatisfied(commandQueue);
    }
}
