package treant.voice;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import treant.jobs.VoiceJob;
import treant.testing.Await;

/** camel-aws2-polly against a stub of Polly's REST protocol (POST /v1/speech, JSON in, audio out). */
class PollySpeechRouteTest {

    private final VoiceRouteFixture fixture = new VoiceRouteFixture(new ScriptedVoiceGateway(2_000).member("100", "200", "300"));

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void asksPollyForGregoryNeuralPcmAt16kWithNeutralisedTextAndPlaysTheAudio() throws Exception {
        // real speech as Polly's pcm output format returns it (16 kHz s16le mono, no header)
        byte[] pcm;
        try (var in = getClass().getResourceAsStream("/fixtures/polly/greetings-16k-mono-s16le.pcm")) {
            pcm = in.readAllBytes();
        }
        fixture.polly.stubFor(post(urlEqualTo("/v1/speech")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/pcm").withHeader("x-amzn-RequestCharacters", "30").withBody(pcm)));
        fixture.start(Map.of());

        fixture.send(VoiceJob.of("100", "200", "<speak>Bark & <break time=\"9s\"/>roots</speak>", "1318000000000000401", Instant.now()));

        Await.until(Duration.ofSeconds(15), "speech played", () -> fixture.gateway.plays.size() == 1);
        fixture.polly.verify(1, postRequestedFor(urlEqualTo("/v1/speech"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(matchingJsonPath("$.VoiceId", equalTo("Gregory")))
                .withRequestBody(matchingJsonPath("$.Engine", equalTo("neural")))
                .withRequestBody(matchingJsonPath("$.OutputFormat", equalTo("pcm")))
                .withRequestBody(matchingJsonPath("$.SampleRate", equalTo("16000")))
                .withRequestBody(matchingJsonPath("$.TextType", equalTo("text")))
                .withRequestBody(matchingJsonPath("$.Text", equalTo("Bark and roots"))));
        ScriptedVoiceGateway.Play play = fixture.gateway.plays.getFirst();
        assertThat(play.guildId()).isEqualTo("100");
        assertThat(play.channelId()).isEqualTo("300");
        assertThat(play.frames()).as("2.7 s of speech in 20 ms frames, the last one padded")
                .isEqualTo((pcm.length / 2 + 319) / 320).isEqualTo(136);
        Await.until(Duration.ofSeconds(5), "message deleted", () -> fixture.messagesIn(VoiceRouteFixture.QUEUE) == 0);
    }

    @Test
    void voiceAndEngineComeFromProperties() throws Exception {
        fixture.polly.stubFor(post(urlEqualTo("/v1/speech")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/pcm").withBody(Tones.sine16kMonoLe(220, 640, 9_000))));
        fixture.start(Map.of("treant.polly.voice", "Matthew", "treant.polly.engine", "standard"));

        fixture.send(VoiceJob.of("100", "200", "hello", "1318000000000000402", Instant.now()));

        Await.until(Duration.ofSeconds(15), "speech played", () -> fixture.gateway.plays.size() == 1);
        fixture.polly.verify(postRequestedFor(urlEqualTo("/v1/speech"))
                .withRequestBody(matchingJsonPath("$.VoiceId", equalTo("Matthew")))
                .withRequestBody(matchingJsonPath("$.Engine", equalTo("standard"))));
    }
}
