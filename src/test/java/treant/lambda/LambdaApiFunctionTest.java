package treant.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import treant.jobs.CommandJob;
import treant.jobs.VoiceJob;
import treant.testing.DiscordSigner;
import treant.testing.Fixtures;
import treant.testing.LocalSqs;

/**
 * ApiFunction as Lambda runs it: its own JVM under AWS's runtime interface client, fed API Gateway
 * v2 events through a local Runtime API, against a real ElasticMQ and real Ed25519 signatures.
 */
@Timeout(180)
class LambdaApiFunctionTest {

    static final Duration CALL = Duration.ofSeconds(30);
    static LocalSqs sqs;
    static LocalLambdaRuntime runtime;
    static LambdaProcess function;
    static DiscordSigner discord = new DiscordSigner();

    @BeforeAll
    static void start() throws Exception {
        sqs = new LocalSqs();
        runtime = new LocalLambdaRuntime();
        function = LambdaProcess.startReady("treant.lambda.ApiFunction::handleRequest", runtime, Map.of(
                "TREANT_DISCORD_PUBLIC_KEY", discord.publicKeyHex(),
                "TREANT_SQS_ENDPOINT", sqs.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        LambdaProcess.closeAll(function, runtime, sqs);
    }

    @BeforeEach
    void emptyQueues() {
        sqs.drain(LocalSqs.COMMANDS);
        sqs.drain(LocalSqs.VOICE);
    }

    static JsonNode invoke(String event) throws Exception {
        LocalLambdaRuntime.Result r = runtime.invokeAndWait(event, CALL);
        assertThat(r.error()).as("function error: %s\n%s", r.body(), function.output()).isFalse();
        return LambdaEvents.MAPPER.readTree(r.body());
    }

    static JsonNode body(JsonNode response) throws Exception {
        return LambdaEvents.MAPPER.readTree(response.get("body").asText());
    }

    @Test
    void pingIsAnsweredWithPong() throws Exception {
        JsonNode r = invoke(LambdaEvents.signedInteraction(discord, Fixtures.bytes("discord/ping.json")));
        assertThat(r.get("statusCode").asInt()).isEqualTo(200);
        assertThat(r.get("body").asText()).isEqualTo("{\"type\":1}");
        assertThat(r.at("/headers/Content-Type").asText()).isEqualTo("application/json");
        assertThat(r.get("isBase64Encoded").asBoolean()).isFalse();
    }

    @Test
    void punIsAnsweredAndQueuedForVoice() throws Exception {
        JsonNode r = invoke(LambdaEvents.signedInteraction(discord, Fixtures.bytes("discord/pun.json")));
        assertThat(r.get("statusCode").asInt()).isEqualTo(200);
        JsonNode reply = body(r);
        assertThat(reply.get("type").asInt()).isEqualTo(4);
        List<String> jobs = sqs.drain(LocalSqs.VOICE);
        assertThat(jobs).hasSize(1);
        VoiceJob job = Fixtures.MAPPER.readValue(jobs.getFirst(), VoiceJob.class);
        assertThat(reply.at("/data/content").asText()).endsWith(job.text());
        assertThat(sqs.drain(LocalSqs.COMMANDS)).isEmpty();
    }

    @Test
    void goldIsDeferredAndItsJobLandsOnTheCommandQueue() throws Exception {
        JsonNode r = invoke(LambdaEvents.signedInteraction(discord, Fixtures.bytes("discord/gold.json")));
        assertThat(r.get("statusCode").asInt()).isEqualTo(200);
        assertThat(r.get("body").asText()).isEqualTo("{\"type\":5}");
        List<String> jobs = sqs.drain(LocalSqs.COMMANDS);
        assertThat(jobs).hasSize(1);
        CommandJob job = Fixtures.MAPPER.readValue(jobs.getFirst(), CommandJob.class);
        assertThat(job.command()).isEqualTo("gold");
        assertThat(job.amount()).isEqualTo(5000);
        assertThat(job.interactionId()).isEqualTo("1318000000000000201");
    }

    @Test
    void aBadSignatureGets401AndNothingIsQueued() throws Exception {
        byte[] body = Fixtures.bytes("discord/gold.json");
        String ts = DiscordSigner.now();
        String forged = new DiscordSigner().sign(ts, body);
        JsonNode r = invoke(LambdaEvents.apiEvent(Map.of("x-signature-ed25519", forged, "x-signature-timestamp", ts),
                new String(body, java.nio.charset.StandardCharsets.UTF_8), false));
        assertThat(r.get("statusCode").asInt()).isEqualTo(401);
        assertThat(body(r).get("error").asText()).isEqualTo("invalid request signature");
        assertThat(r.get("body").asText()).doesNotContain("Exception").doesNotContain("at treant.");
        assertThat(sqs.drain(LocalSqs.COMMANDS)).isEmpty();
    }

    @Test
    void aBodyOverTheHttpLimitGets413WithoutReachingTheRoute() throws Exception {
        // signed correctly: only the size may refuse it
        byte[] big = ("{\"type\":1,\"pad\":\"" + "x".repeat(65_536) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        JsonNode r = invoke(LambdaEvents.signedInteraction(discord, big));
        assertThat(r.get("statusCode").asInt()).isEqualTo(413);
        assertThat(body(r).get("error").asText()).isEqualTo("request body too large");
        assertThat(r.at("/headers/Content-Type").asText()).isEqualTo("application/json");
    }

    @Test
    void aBodyAtTheLimitIsStillVerified() throws Exception {
        byte[] body = Fixtures.bytes("discord/ping.json");
        String padded = new String(body, java.nio.charset.StandardCharsets.UTF_8).trim();
        padded = padded + " ".repeat(65_536 - padded.length());
        JsonNode r = invoke(LambdaEvents.signedInteraction(discord, padded.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(r.get("statusCode").asInt()).isEqualTo(200);
        assertThat(r.get("body").asText()).isEqualTo("{\"type\":1}");
    }

    @Test
    void aBase64BodyIsDecodedBeforeTheSignatureCheck() throws Exception {
        byte[] body = Fixtures.bytes("discord/ping.json");
        String ts = DiscordSigner.now();
        JsonNode r = invoke(LambdaEvents.apiEvent(Map.of("x-signature-ed25519", discord.sign(ts, body),
                "x-signature-timestamp", ts), LambdaEvents.base64(body), true));
        assertThat(r.get("statusCode").asInt()).isEqualTo(200);
        assertThat(r.get("body").asText()).isEqualTo("{\"type\":1}");
    }

    @Test
    void aBase64BodyThatDoesNotDecodeGets400() throws Exception {
        JsonNode r = invoke(LambdaEvents.apiEvent(Map.of("x-signature-ed25519", "00", "x-signature-timestamp", "1"),
                "not base64 at all!", true));
        assertThat(r.get("statusCode").asInt()).isEqualTo(400);
        assertThat(body(r).get("error").asText()).isEqualTo("malformed base64 body");
    }

    @Test
    void headerNamesInAnyCaseAreFound() throws Exception {
        byte[] body = Fixtures.bytes("discord/ping.json");
        String ts = DiscordSigner.now();
        JsonNode r = invoke(LambdaEvents.apiEvent(LambdaEvents.mixedCase(discord, ts, body),
                new String(body, java.nio.charset.StandardCharsets.UTF_8), false));
        assertThat(r.get("statusCode").asInt()).isEqualTo(200);
        assertThat(r.get("body").asText()).isEqualTo("{\"type\":1}");
    }

    @Test
    void anEventWithoutBodyOrHeadersIsA401NotACrash() throws Exception {
        JsonNode r = invoke("{\"version\":\"2.0\",\"rawPath\":\"/interactions\"}");
        assertThat(r.get("statusCode").asInt()).isEqualTo(401);
        assertThat(body(r).get("error").asText()).isEqualTo("missing signature headers");
    }
}
