package treant.voice;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import treant.Json;
import treant.jobs.VoiceJob;
import treant.testing.Await;
import treant.testing.TreantApp;

/** The voice role as TreantMain starts it (role voice only, embedded ElasticMQ, Polly stub); Discord scripted. */
class VoiceRoleIntegrationTest {

    private final WireMockServer polly = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final ScriptedVoiceGateway gateway = new ScriptedVoiceGateway(2_000).member("1001", "2002", "3003");
    private TreantApp app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        gateway.close();
        polly.stop();
    }

    @Test
    void theVoiceProcessSpeaksAJobFromItsQueue() throws Exception {
        polly.start();
        polly.stubFor(post(urlEqualTo("/v1/speech")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/pcm").withBody(Tones.sine16kMonoLe(250, 4_800, 7_000))));
        app = TreantApp.start("voice", Map.of(
                "treant.sqs.embedded", "true", "treant.sqs.embedded-port", "0", "treant.sqs.create-queues", "true",
                "treant.polly.endpoint", polly.baseUrl()),
                // the scripted gateway in place of the Discord session (JDA)
                Map.of("voiceGateway", gateway));

        assertThat(app.context().getRoute("voice-job")).as("the voice role's route files loaded").isNotNull();
        assertThat(app.context().getRoute("api-interaction")).as("no api routes in a voice process").isNull();

        SqsClient sqs = app.context().getRegistry().lookupByNameAndType("sqsClient", SqsClient.class);
        String body = Json.newMapper().writeValueAsString(VoiceJob.of("1001", "2002", "Hello from the grove", "1318000000000000403", Instant.now()));
        sqs.sendMessage(b -> b.queueUrl(sqs.getQueueUrl(q -> q.queueName("treant-voice")).queueUrl()).messageBody(body));

        Await.until(Duration.ofSeconds(20), "spoken", () -> gateway.plays.size() == 1);
        assertThat(gateway.plays.getFirst().channelId()).isEqualTo("3003");
        assertThat(gateway.plays.getFirst().frames()).isEqualTo(15); // 0.3 s

        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(app.healthUrl())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }
}
