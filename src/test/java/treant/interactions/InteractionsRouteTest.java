package treant.interactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.apache.camel.main.MainConfigurationProperties;
import treant.testing.RoleRoutes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import treant.testing.DiscordSigner;
import treant.testing.Fixtures;

/**
 * The api's flow ({@code direct:interaction}, without its HTTP door) with both queues advised into
 * mocks: what goes where for each command, and what the caller gets back.
 */
@CamelMainTest(
        properties = {
            "treant.discord.public-key=" + DiscordSigner.FIXED_PUBLIC_KEY,
            "treant.sqs.endpoint=http://127.0.0.1:9", // never called: the queues are mocks here
            "treant.blizzard.client-id=test-client",
            "treant.blizzard.client-secret=test-secret",
            // the embedded store: the voice allowance in memory, never AWS
            "treant.store=embedded",
            "treant.store.embedded-file=target/interactions-route-test/treant",
        },
        advices = @AdviceRouteMapping(route = "api-interaction-verified", advice = InteractionsRouteTest.QueuesAsMocks.class))
class InteractionsRouteTest {

    @Configure
    protected void configure(MainConfigurationProperties main) {
        RoleRoutes.flowsOf(main, "api"); // the flow only: no HTTP door
    }

    public static class QueuesAsMocks extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveById("api-to-voice-queue").replace().to("mock:voice-queue");
            weaveById("api-to-command-queue").replace().to("mock:command-queue");
        }
    }

    final DiscordSigner discord = new DiscordSigner(DiscordSigner.FIXED_SEED);

    @EndpointInject("mock:voice-queue")
    MockEndpoint voiceQueue;

    @EndpointInject("mock:command-queue")
    MockEndpoint commandQueue;

    @org.apache.camel.BeanInject
    ProducerTemplate template;

    @BeforeEach
    void reset() {
        MockEndpoint.resetMocks(voiceQueue.getCamelContext());
    }

    Exchange post(byte[] body) {
        String ts = DiscordSigner.now();
        return template.request("direct:interaction", e -> {
            e.getMessage().setBody(body);
            e.getMessage().setHeaders(Map.of("X-Signature-Ed25519", discord.sign(ts, body), "X-Signature-Timestamp", ts));
        });
    }

    JsonNode reply(Exchange e) throws Exception {
        return Fixtures.MAPPER.readTree(e.getMessage().getBody(String.class));
    }

    @Test
    void goldGoesToTheCommandQueueOnlyAndIsDeferred() throws Exception {
        commandQueue.expectedMessageCount(1);
        commandQueue.message(0).body(String.class).contains("\"command\":\"gold\"");
        commandQueue.message(0).body(String.class).contains("\"amount\":5000");
        voiceQueue.expectedMessageCount(0);
        Exchange e = post(Fixtures.bytes("discord/gold.json"));
        assertThat(reply(e).get("type").asInt()).isEqualTo(5);
        assertThat(e.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        MockEndpoint.assertIsSatisfied(commandQueue, voiceQueue);
    }

    @Test
    void speakGoesToTheVoiceQueueOnly() throws Exception {
        voiceQueue.expectedMessageCount(1);
        voiceQueue.message(0).body(String.class).contains("\"text\":\"For the Cenarion Circle!\"");
        commandQueue.expectedMessageCount(0);
        assertThat(reply(post(Fixtures.bytes("discord/speak.json"))).get("type").asInt()).isEqualTo(4);
        MockEndpoint.assertIsSatisfied(commandQueue, voiceQueue);
    }

    /** A user of their own: the allowance is per user, and other tests speak as the fixtures' user. */
    ObjectNode asUser(String fixture, String userId, String interactionId) throws Exception {
        ObjectNode tree = Fixtures.tree(fixture);
        tree.put("id", interactionId);
        ((ObjectNode) tree.path("member").path("user")).put("id", userId);
        return tree;
    }

    @Test
    void punAfterPunIsAlwaysAnsweredAndOnlySpeechBeyondTheBurstIsSkipped() throws Exception {
        voiceQueue.expectedMessageCount(3); // treant.voice.user-burst
        String user = "1100000000000055501";
        for (int i = 0; i < 4; i++) {
            JsonNode pun = reply(post(Fixtures.toBytes(asUser("pun", user, "131800000000005550" + i))));
            assertThat(pun.get("type").asInt()).as("pun %d", i + 1).isEqualTo(4);
            assertThat(pun.at("/data/flags").isMissingNode()).as("a pun for the channel, not ephemeral").isTrue();
            assertThat(pun.at("/data/content").asText()).startsWith("🌲 **Treant says:** ");
            if (i < 3) {
                assertThat(pun.at("/data/content").asText()).doesNotContain("Not spoken");
            } else {
                assertThat(pun.at("/data/content").asText()).contains("\n-# 🔇 Not spoken").contains(" s)");
            }
        }
        MockEndpoint.assertIsSatisfied(voiceQueue);

        // speak over the allowance: the ephemeral "slow down" with the wait, nothing queued
        ObjectNode speak = asUser("speak", user, "1318000000000055509");
        JsonNode slowDown = reply(post(Fixtures.toBytes(speak)));
        assertThat(slowDown.at("/data/flags").asInt()).isEqualTo(64);
        assertThat(slowDown.at("/data/content").asText()).matches("🐢 Slow down: I can speak for you again in \\d+ s\\.");
        // Discord retrying an accepted interaction is no second request: answered, not queued again
        assertThat(reply(post(Fixtures.toBytes(asUser("pun", user, "1318000000000055500")))).get("type").asInt()).isEqualTo(4);
        MockEndpoint.assertIsSatisfied(voiceQueue);
    }

    @Test
    void aPunThenASpeakIsBothAnsweredAndSpoken() throws Exception {
        voiceQueue.expectedMessageCount(2);
        String user = "1100000000000055601";
        assertThat(reply(post(Fixtures.toBytes(asUser("pun", user, "1318000000000055601")))).get("type").asInt()).isEqualTo(4);
        JsonNode speak = reply(post(Fixtures.toBytes(asUser("speak", user, "1318000000000055602"))));
        assertThat(speak.at("/data/content").asText()).contains("For the Cenarion Circle!");
        MockEndpoint.assertIsSatisfied(voiceQueue);
    }

    @Test
    void recapWithoutWarcraftLogsCredentialsIsAnsweredAtOnceNamingTheTwoSettingsAndQueuesNothing() throws Exception {
        commandQueue.expectedMessageCount(0);
        voiceQueue.expectedMessageCount(0);
        JsonNode answer = reply(post(Fixtures.bytes("discord/recap.json")));
        assertThat(answer.get("type").asInt()).as("a message now, not \"thinking…\"").isEqualTo(4);
        assertThat(answer.at("/data/flags").asInt()).as("ephemeral").isEqualTo(64);
        assertThat(answer.at("/data/content").asText()).contains("`treant.warcraftlogs.client-id`", "`treant.warcraftlogs.client-secret`");
        MockEndpoint.assertIsSatisfied(commandQueue, voiceQueue);
    }

    @Test
    void pingAndRefusedRequestsTouchNoQueue() throws Exception {
        voiceQueue.expectedMessageCount(0);
        commandQueue.expectedMessageCount(0);
        assertThat(reply(post(Fixtures.bytes("discord/ping.json"))).get("type").asInt()).isEqualTo(1);
        assertThat(reply(post(Fixtures.bytes("discord/speak-dm.json"))).at("/data/flags").asInt()).isEqualTo(64);
        Exchange unsigned = template.request("direct:interaction",
                x -> x.getMessage().setBody(Fixtures.bytes("discord/gold.json")));
        assertThat(unsigned.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(401);
        MockEndpoint.assertIsSatisfied(commandQueue, voiceQueue);
    }

    @Test
    void whenTheQueueFailsTheUserGetsAnEphemeralErrorAndARetryCanStillEnqueue() throws Exception {
        ObjectNode judge = Fixtures.tree("judge");
        judge.put("id", "1318000000000077777");
        byte[] body = Fixtures.toBytes(judge);

        commandQueue.whenExchangeReceived(1, x -> {
            throw new IllegalStateException("SQS is down");
        });
        commandQueue.expectedMessageCount(2);
        JsonNode failed = reply(post(body));
        assertThat(failed.get("type").asInt()).isEqualTo(4);
        assertThat(failed.at("/data/flags").asInt()).isEqualTo(64);
        assertThat(failed.at("/data/content").asText()).contains("could not take that command").doesNotContain("SQS");

        // the failed attempt was not remembered as accepted: Discord's retry gets through
        assertThat(reply(post(body)).get("type").asInt()).isEqualTo(5);
        // and now it is: a third delivery enqueues nothing more
        assertThat(reply(post(body)).get("type").asInt()).isEqualTo(5);
        MockEndpoint.assertIsSatisfied(commandQueue);
    }
}
