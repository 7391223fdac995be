package treant.interactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import treant.testing.ApiUnderTest;
import treant.testing.Fixtures;
import treant.testing.LocalSqs;
import treant.testing.SignedClient;
import treant.testing.TreantApp;

/** SQS goes away while the api runs: users get an ephemeral error in time, health says why. */
class QueueOutageIntegrationTest {

    @Test
    void withTheQueueGoneCommandsGetAnEphemeralErrorWellInsideThreeSeconds() throws Exception {
        try (ApiUnderTest api = ApiUnderTest.start()) {
            SignedClient discord = api.discord;
            LocalSqs sqs = api.sqs;
            TreantApp app = api.app;
            assertThat(discord.send(Fixtures.bytes("discord/gold.json")).body()).isEqualTo("{\"type\":5}");

            sqs.close();

            long start = System.nanoTime();
            HttpResponse<String> r = discord.send(Fixtures.bytes("discord/judge.json"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode reply = Fixtures.MAPPER.readTree(r.body());
            assertThat(reply.get("type").asInt()).isEqualTo(4);
            assertThat(reply.at("/data/flags").asInt()).isEqualTo(64);
            assertThat(reply.at("/data/content").asText()).contains("could not take that command");
            assertThat(millis).as("answer time with SQS down (ms)").isLessThan(3000);

            // PING needs no queue and keeps working
            assertThat(discord.send(Fixtures.bytes("discord/ping.json")).body()).isEqualTo("{\"type\":1}");

            HttpResponse<String> health = discord.get(app.healthUrl() + "?data=true");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("queues").contains("DOWN");
        }
    }
}
