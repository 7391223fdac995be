package treant.voice;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import treant.jobs.VoiceJob;
import treant.testing.Await;

/**
 * The voice route end to end over SQS (ElasticMQ) and Polly's protocol (WireMock), with the Discord side scripted:
 * per-guild order, drops without retry, deletion only after playing, retries then the dead-letter queue.
 */
class VoiceSpeakRouteTest {

    /** JDA's audio thread pace: a frame every 20 ms. */
    private final ScriptedVoiceGateway gateway = new ScriptedVoiceGateway(20_000)
            .member("101", "201", "a-voice").member("102", "202", "b-voice").guild("103");
    private final VoiceRouteFixture fixture = new VoiceRouteFixture(gateway);

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private void pollyReturns(int samples) {
        fixture.polly.stubFor(post(urlEqualTo("/v1/speech")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/pcm").withBody(Tones.sine16kMonoLe(330, samples, 8_000))));
    }

    private void pollyFails() {
        fixture.polly.stubFor(post(urlEqualTo("/v1/speech")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-ErrorType", "ServiceFailureException")
                .withBody("{\"message\":\"Polly is down\"}")));
    }

    @Test
    void jobsOfOneGuildNeverOverlapWhileGuildsPlayIndependently() throws Exception {
        pollyReturns(3_200); // 200 ms of speech = 10 frames, played at real pace
        fixture.start(Map.of());

        for (int i = 0; i < 4; i++) {
            fixture.send(VoiceJob.of("101", "201", "a" + i, "310" + i, Instant.now()));
            fixture.send(VoiceJob.of("102", "202", "b" + i, "320" + i, Instant.now()));
        }

        Await.until(Duration.ofSeconds(30), "8 utterances played", () -> gateway.plays.size() == 8);
        for (String guild : List.of("101", "102")) {
            List<ScriptedVoiceGateway.Play> plays = gateway.plays.stream().filter(p -> p.guildId().equals(guild))
                    .sorted(Comparator.comparingLong(ScriptedVoiceGateway.Play::startNanos)).toList();
            assertThat(plays).hasSize(4).allSatisfy(p -> assertThat(p.frames()).isEqualTo(10));
            for (int i = 1; i < plays.size(); i++) {
                assertThat(plays.get(i).startNanos()).as("guild %s utterance %d starts after %d ended", guild, i, i - 1)
                        .isGreaterThanOrEqualTo(plays.get(i - 1).endNanos());
            }
        }
        boolean overlapped = gateway.plays.stream().filter(a -> a.guildId().equals("101")).anyMatch(a -> gateway.plays.stream()
                .filter(b -> b.guildId().equals("102")).anyMatch(b -> a.startNanos() < b.endNanos() && b.startNanos() < a.endNanos()));
        assertThat(overlapped).as("guild B does not wait for guild A").isTrue();
        Await.until(Duration.ofSeconds(5), "all deleted", () -> fixture.messagesIn(VoiceRouteFixture.QUEUE) == 0);
        Await.until(Duration.ofSeconds(5), "idle leave", () -> gateway.leaves.containsAll(List.of("101", "102")));
    }

    @Test
    void jobsThatCanNeverBePlayedAreDeletedWithoutSpeechOrRetry() throws Exception {
        pollyReturns(640);
        fixture.start(Map.of("treant.tts.max-text-length", "20"));

        fixture.send(VoiceJob.of("101", "203", "hi carol", "301", Instant.now()));
        fixture.send(VoiceJob.of("103", "204", "hi dave", "302", Instant.now()));
        fixture.send(VoiceJob.of("109", "201", "hi z", "303", Instant.now()));
        fixture.send(VoiceJob.of("101", "201", "x".repeat(21), "304", Instant.now()));
        fixture.send(VoiceJob.of("101", "201", "<speak></speak>", "305", Instant.now()));
        // what the engine would get counts: six "&" become "and and and and and and" (23 characters)
        fixture.send(VoiceJob.of("101", "201", "&&&&&&", "306", Instant.now()));
        // speech minutes after the command only confuses (treant.voice.max-job-age-seconds)
        fixture.send(VoiceJob.of("101", "201", "too late", "307", Instant.now().minus(Duration.ofMinutes(10))));

        Await.until(Duration.ofSeconds(10), "all dropped and deleted", () -> fixture.messagesIn(VoiceRouteFixture.QUEUE) == 0);
        fixture.polly.verify(0, postRequestedFor(urlEqualTo("/v1/speech")));
        assertThat(gateway.plays).isEmpty();
        assertThat(fixture.messagesIn(VoiceRouteFixture.QUEUE + "-dlq")).isZero();
    }

    @Test
    void aJobWhoseTurnToPlayComesAfterTheAgeLimitIsDroppedUnplayed() throws Exception {
        pollyReturns(1_600);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        gateway.gate = gate; // the guild's first speech is "still connecting"
        fixture.start(Map.of("treant.voice.max-job-age-seconds", "2"));

        fixture.send(VoiceJob.of("101", "201", "first", "311", Instant.now()));
        Await.until(Duration.ofSeconds(10), "the first playing",
                () -> fixture.polly.findAll(postRequestedFor(urlEqualTo("/v1/speech"))).size() == 1);
        fixture.send(VoiceJob.of("101", "201", "second", "312", Instant.now())); // young when it arrives
        Await.until(Duration.ofSeconds(10), "the second synthesised, waiting for its guild",
                () -> fixture.polly.findAll(postRequestedFor(urlEqualTo("/v1/speech"))).size() == 2);
        Thread.sleep(2_500); // past the second's 2 s limit while it waits its turn
        gate.complete(null);

        Await.until(Duration.ofSeconds(10), "both deleted", () -> fixture.messagesIn(VoiceRouteFixture.QUEUE) == 0);
        Thread.sleep(300);
        assertThat(gateway.plays).as("only the first").hasSize(1);
        assertThat(fixture.messagesIn(VoiceRouteFixture.QUEUE + "-dlq")).as("dropped, not dead-lettered").isZero();
    }

    @Test
    void aGuildFloodingTheRoleGetsItsShareAndOtherGuildsAreStillTakenOn() throws Exception {
        pollyReturns(1_600);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        gateway.gate = gate; // nothing finishes playing: guild A's jobs pile up
        fixture.start(Map.of("treant.voice.max-jobs-per-guild", "2"));

        for (int i = 0; i < 5; i++) {
            fixture.send(VoiceJob.of("101", "201", "flood " + i, "330" + i, Instant.now()));
        }
        // two held (waiting to play), three over the share dropped and deleted
        Await.until(Duration.ofSeconds(10), "the flood's excess dropped", () -> fixture.messagesIn(VoiceRouteFixture.QUEUE) == 2);
        fixture.polly.verify(2, postRequestedFor(urlEqualTo("/v1/speech")));

        fixture.send(VoiceJob.of("102", "202", "my turn", "341", Instant.now()));
        Await.until(Duration.ofSeconds(10), "guild B's job taken on meanwhile",
                () -> fixture.polly.findAll(postRequestedFor(urlEqualTo("/v1/speech"))).size() == 3);

        gate.complete(null);
        Await.until(Duration.ofSeconds(10), "the admitted three played", () -> gateway.plays.size() == 3);
        Await.until(Duration.ofSeconds(10), "all deleted", () -> fixture.messagesIn(VoiceRouteFixture.QUEUE) == 0);
        assertThat(gateway.plays.stream().filter(p -> p.guildId().equals("101")).count()).isEqualTo(2);
        assertThat(fixture.messagesIn(VoiceRouteFixture.QUEUE + "-dlq")).isZero();

        // the share is free again once played
        fixture.send(VoiceJob.of("101", "201", "later", "351", Instant.now()));
        Await.until(Duration.ofSeconds(10), "played", () -> gateway.plays.size() == 4);
    }

    @Test
    void speechLongerThanAJobMayHoldIsDeadLetteredNotRetriedNorExpanded() throws Exception {
        pollyReturns(16_000 * 3); // 3 s of speech
        fixture.start(Map.of("treant.voice.max-audio-seconds", "2"));
        fixture.send(VoiceJob.of("101", "201", "a very long story", "361", Instant.now()));

        Await.until(Duration.ofSeconds(15), "dead-lettered", () -> fixture.messagesIn(VoiceRouteFixture.QUEUE + "-dlq") == 1);
        fixture.polly.verify(1, postRequestedFor(urlEqualTo("/v1/speech")));
        assertThat(gateway.plays).isEmpty();
    }

    @Test
    void theSameInteractionDeliveredTwiceIsSpokenOnce() throws Exception {
        pollyReturns(1_600);
        fixture.start(Map.of());
        VoiceJob job = VoiceJob.of("101", "201", "only once", "371", Instant.now());

        fixture.send(job);
        fixture.send(job); // SQS at-least-once: a second delivery of the same job

        Await.until(Duration.ofSeconds(10), "both deleted", () -> fixture.messagesIn(VoiceRouteFixture.QUEUE) == 0);
        Await.until(Duration.ofSeconds(10), "played", () -> gateway.plays.size() == 1);
        Thread.sleep(500);
        assertThat(gateway.plays).hasSize(1);
        fixture.polly.verify(1, postRequestedFor(urlEqualTo("/v1/speech")));
    }

    @Test
    void aMessageThatIsNotAJobGoesStraightToTheDeadLetterQueue() throws Exception {
        pollyReturns(640);
        fixture.start(Map.of());

        fixture.sqs.sendMessage(b -> b.queueUrl(fixture.queueUrl(VoiceRouteFixture.QUEUE)).messageBody("{not json"));
        fixture.sqs.sendMessage(b -> b.queueUrl(fixture.queueUrl(VoiceRouteFixture.QUEUE))
                .messageBody("{\"version\":1,\"guildId\":\"101\",\"userId\":\"201\",\"text\":\"no interaction id\"}"));

        Await.until(Duration.ofSeconds(10), "dead-lettered", () -> fixture.messagesIn(VoiceRouteFixture.QUEUE + "-dlq") == 2);
        Await.until(Duration.ofSeconds(5), "removed from the voice queue", () -> fixture.messagesIn(VoiceRouteFixture.QUEUE) == 0);
        fixture.polly.verify(0, postRequestedFor(urlEqualTo("/v1/speech")));
    }

    @Test
    void aJobWhoseIdsAreNotDiscordsGoesStraightToTheDeadLetterQueue() throws Exception {
        pollyReturns(640);
        fixture.start(Map.of());

        fixture.send(VoiceJob.of("101?x=1", "201", "forged guild", "401", Instant.now()));
        fixture.send(VoiceJob.of("101", "../201", "forged user", "402", Instant.now()));
        fixture.send(VoiceJob.of("101", "201", "forged interaction", "403&a=b", Instant.now()));

        Await.until(Duration.ofSeconds(10), "dead-lettered", () -> fixture.messagesIn(VoiceRouteFixture.QUEUE + "-dlq") == 3);
        Await.until(Duration.ofSeconds(5), "removed from the voice queue", () -> fixture.messagesIn(VoiceRouteFixture.QUEUE) == 0);
        fixture.polly.verify(0, postRequestedFor(urlEqualTo("/v1/speech")));
        assertThat(gateway.plays).isEmpty();
    }

    @Test
    void theMessageIsDeletedOnlyAfterTheSpeechWasPlayed() throws Exception {
        pollyReturns(1_600);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        gateway.gate = gate; // the voice connection is "still connecting"
        fixture.start(Map.of());

        fixture.send(VoiceJob.of("101", "201", "wait for it", "301", Instant.now()));

        Await.until(Duration.ofSeconds(10), "speech synthesised", () -> !fixture.polly.findAll(postRequestedFor(urlEqualTo("/v1/speech"))).isEmpty());
        Thread.sleep(1_500); // several poll cycles: the message must stay in flight, not deleted, not redelivered
        assertThat(fixture.messagesIn(VoiceRouteFixture.QUEUE)).as("still on the queue while not played").isEqualTo(1);
        assertThat(gateway.plays).isEmpty();

        gate.complete(null);
        Await.until(Duration.ofSeconds(10), "played", () -> gateway.plays.size() == 1);
        Await.until(Duration.ofSeconds(10), "deleted after play", () -> fixture.messagesIn(VoiceRouteFixture.QUEUE) == 0);
        fixture.polly.verify(1, postRequestedFor(urlEqualTo("/v1/speech")));
    }

    @Test
    void pollyFailuresAreRetriedThenTheJobGoesToTheDeadLetterQueue() throws Exception {
        pollyFails();
        fixture.start(Map.of());
        VoiceJob job = VoiceJob.of("101", "201", "nobody hears this", "381", Instant.now());

        fixture.send(job);

        Await.until(Duration.ofSeconds(15), "dead-lettered", () -> fixture.messagesIn(VoiceRouteFixture.QUEUE + "-dlq") == 1);
        fixture.polly.verify(3, postRequestedFor(urlEqualTo("/v1/speech"))); // first try + treant.voice.max-retries=2
        List<Message> dead = fixture.sqs.receiveMessage(b -> b.queueUrl(fixture.queueUrl(VoiceRouteFixture.QUEUE + "-dlq"))).messages();
        assertThat(dead.getFirst().body()).as("the original job, unchanged").isEqualTo(fixture.writeJson(job));
        Await.until(Duration.ofSeconds(5), "removed from the voice queue", () -> fixture.messagesIn(VoiceRouteFixture.QUEUE) == 0);
        assertThat(gateway.plays).isEmpty();
    }

    @Test
    void aRequestPollyRefusesIsNotRetriedButDeadLettered() throws Exception {
        fixture.polly.stubFor(post(urlEqualTo("/v1/speech")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-ErrorType", "TextLengthExceededException")
                .withBody("{\"message\":\"text too long\"}")));
        fixture.start(Map.of());
        fixture.send(VoiceJob.of("101", "201", "refused", "391", Instant.now()));

        Await.until(Duration.ofSeconds(15), "dead-lettered", () -> fixture.messagesIn(VoiceRouteFixture.QUEUE + "-dlq") == 1);
        fixture.polly.verify(1, postRequestedFor(urlEqualTo("/v1/speech"))); // no retries of a 4xx
        assertThat(gateway.plays).isEmpty();
    }

    @Test
    void aPollyHiccupIsRetriedAndTheSpeechStillPlaysOnce() throws Exception {
        fixture.polly.stubFor(post(urlEqualTo("/v1/speech")).inScenario("hiccup").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("x-amzn-ErrorType", "ServiceUnavailableException")
                        .withBody("{\"message\":\"busy\"}"))
                .willSetStateTo("recovered"));
        fixture.polly.stubFor(post(urlEqualTo("/v1/speech")).inScenario("hiccup").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "audio/pcm")
                        .withBody(Tones.sine16kMonoLe(330, 1_600, 8_000))));
        fixture.start(Map.of());

        fixture.send(VoiceJob.of("102", "202", "second time lucky", "392", Instant.now()));

        Await.until(Duration.ofSeconds(15), "played", () -> gateway.plays.size() == 1);
        fixture.polly.verify(2, postRequestedFor(urlEqualTo("/v1/speech")));
        Await.until(Duration.ofSeconds(5), "deleted", () -> fixture.messagesIn(VoiceRouteFixture.QUEUE) == 0);
        assertThat(fixture.messagesIn(VoiceRouteFixture.QUEUE + "-dlq")).isZero();
    }

    @Test
    void theLocalEspeakEngineFeedsTheSamePipeline() throws Exception {
        fixture.start(Map.of("treant.tts.engine", "espeak"));

        fixture.send(VoiceJob.of("101", "201", "Treant speaks without AWS.", "393", Instant.now()));

        Await.until(Duration.ofSeconds(30), "played", () -> gateway.plays.size() == 1);
        assertThat(gateway.plays.getFirst().frames()).as("about a second or more of speech").isGreaterThan(40);
        fixture.polly.verify(0, postRequestedFor(urlEqualTo("/v1/speech")));
    }
}
