package treant;

import java.time.Duration;
import java.util.concurrent.Executors;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.batchmanager.SqsAsyncBatchManager;
import treant.queues.EnqueueJob;

/**
 * The api role's processors are wired in {@code routes/api-beans.yaml}, one place shared with
 * {@code camel run}; Camel creates them while loading the api route files, and a missing or
 * malformed public key stops start-up there, with a message naming the property. This checks that
 * file was loaded and adds what YAML cannot build: the batched, non-blocking queue senders
 * ({@code enqueueVoiceJob}, {@code enqueueCommandJob}) behind {@code treant.api.*-queue-uri}.
 */
public class ApiBeans implements CamelConfiguration {

    static final String WIRING = "routes/api-beans.yaml";

    @Override
    public void configure(CamelContext context) {
        if (context.getRegistry().lookupByName("verifySignature") == null) {
            throw new IllegalStateException("cannot start the api role: its beans (" + WIRING
                    + ") were not loaded; camel.main.routes-include-pattern must include it");
        }
        Settings settings = new Settings(context);
        SqsAsyncClient sqs = SharedBeans.sqsAsyncClient(settings, settings.get("treant.sqs.endpoint"));
        SqsAsyncBatchManager batch = SqsAsyncBatchManager.builder()
                .client(sqs)
                .scheduledExecutor(Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                        .name("sqs-batch").factory()))
                // a send waits at most this long for others to share its SendMessageBatch call
                .overrideConfiguration(b -> b.maxBatchSize(settings.getInt("treant.sqs.batch-size"))
                        .sendRequestFrequency(Duration.ofMillis(settings.getLong("treant.sqs.batch-window-ms"))))
                .build();
        context.getRegistry().bind("enqueueVoiceJob", new EnqueueJob(batch, sqs, settings.get("treant.sqs.voice-queue")));
        context.getRegistry().bind("enqueueCommandJob", new EnqueueJob(batch, sqs, settings.get("treant.sqs.command-queue")));
    }
}
