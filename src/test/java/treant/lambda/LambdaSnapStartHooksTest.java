package treant.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import treant.testing.DiscordSigner;
import treant.testing.Fixtures;
import treant.testing.LocalSqs;

/**
 * The SnapStart hooks in-process (no CRaC JVM here: called directly, as Lambda's runtime calls
 * them): priming touches no queue, and after a restore the handlers still answer.
 */
@Timeout(120)
class LambdaSnapStartHooksTest {

    final Map<String, String> set = new HashMap<>();

    void property(String name, String value) {
        set.put(name, value);
        System.setProperty(name, value);
    }

    @AfterEach
    void clear() {
        set.keySet().forEach(System::clearProperty);
    }

    @Test
    void apiPrimingQueuesNothingAndTheFunctionAnswersAfterRestore() throws Exception {
        DiscordSigner discord = new DiscordSigner();
        try (LocalSqs sqs = new LocalSqs()) {
            property("treant.discord.public-key", discord.publicKeyHex());
            property("treant.sqs.endpoint", sqs.url());
            ApiFunction api = new ApiFunction();
            try {
                api.beforeCheckpoint(null);
                assertThat(sqs.depth(LocalSqs.COMMANDS) + sqs.depth(LocalSqs.VOICE)).isZero();
                api.afterRestore(null);
                byte[] gold = Fixtures.bytes("discord/gold.json");
                String ts = DiscordSigner.now();
                var event = new com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent();
                event.setHeaders(Map.of("x-signature-ed25519", discord.sign(ts, gold), "x-signature-timestamp", ts));
                event.setBody(new String(gold, java.nio.charset.StandardCharsets.UTF_8));
                assertThat(api.handleRequest(event, null).getBody()).isEqualTo("{\"type\":5}");
                assertThat(sqs.drain(LocalSqs.COMMANDS)).hasSize(1);
            } finally {
                api.close();
            }
        }
    }

    @Test
    void workerPrimingDropsItsStaleJobAndTheFunctionRunsJobsAfterRestore() throws Exception {
        try (LocalSqs sqs = new LocalSqs()) {
            property("treant.sqs.endpoint", sqs.url());
            property("treant.store", "embedded");
            property("treant.store.embedded-file", Files.createTempDirectory("treant-hooks").resolve("treant").toString());
            WorkerFunction worker = new WorkerFunction();
            try {
                // a job a valid one in all but its age: not refused as malformed, dropped as stale
                assertThat(worker.prime()).as("the priming job goes through the flow").isTrue();
                worker.beforeCheckpoint(null);
                worker.afterRestore(null);
                SQSEvent.SQSMessage poison = new SQSEvent.SQSMessage();
                poison.setMessageId("poison");
                poison.setBody("[]");
                SQSEvent event = new SQSEvent();
                event.setRecords(List.of(poison));
                assertThat(worker.handleRequest(event, null).getBatchItemFailures())
                        .extracting(f -> f.getItemIdentifier()).containsExactly("poison");
            } finally {
                worker.close();
            }
        }
    }
}
