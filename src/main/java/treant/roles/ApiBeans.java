package treant.roles;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import software.amazon.awssdk.services.sqs.SqsClient;
import treant.interactions.DispatchCommand;
import treant.interactions.ExplainFailure;
import treant.interactions.JudgeAutocomplete;
import treant.interactions.JudgeSetup;
import treant.interactions.ParseInteraction;
import treant.interactions.RecapSetup;
import treant.interactions.UserVoiceAllowance;
import treant.interactions.VerifySignature;
import treant.queues.BatchingSqsComponent;
import treant.queues.QueueHealthCheck;
import treant.store.Store;

/** The api role's beans: the signature check, parsing and dispatch, autocomplete, replay protection, the queue sender. */
public class ApiBeans implements Beans {

    @PropertyInject("treant.discord.public-key") String publicKey;
    @PropertyInject("treant.discord.timestamp-window") long timestampWindowSeconds;
    @PropertyInject("treant.discord.interactions") String interactionsMode;
    @PropertyInject("treant.secrets.source") String secretsSource;
    @PropertyInject("treant.blizzard.client-id") String blizzardClientId;
    @PropertyInject("treant.blizzard.client-secret") String blizzardClientSecret;
    @PropertyInject("treant.blizzard.guild") String blizzardGuild;
    @PropertyInject("treant.warcraftlogs.client-id") String warcraftLogsClientId;
    @PropertyInject("treant.warcraftlogs.client-secret") String warcraftLogsClientSecret;
    @PropertyInject("treant.warcraftlogs.guild") String warcraftLogsGuild;
    @PropertyInject("treant.warcraftlogs.api-url") String warcraftLogsApiUrl;
    @PropertyInject("treant.tts.max-text-length") int maxTextLength;
    @PropertyInject("treant.gold.max-amount") long maxGoldAmount;
    @PropertyInject("treant.voice.user-burst") int voiceBurst;
    @PropertyInject("treant.voice.user-refill-seconds") long voiceRefillSeconds;
    // deprecated, still honoured when set
    @PropertyInject(value = "treant.tts.user-cooldown-seconds", defaultValue = "-1") long voiceCooldownSeconds;
    @PropertyInject("treant.voice.allowance-store-wait-ms") long allowanceStoreWaitMs;
    @PropertyInject("treant.directory.default-realms") String defaultRealms;
    @PropertyInject("treant.directory.cache-seconds") int directoryCacheSeconds;
    @PropertyInject("treant.directory.store-wait-ms") int directoryStoreWaitMs;
    @PropertyInject("treant.interactions.remembered-ids") int rememberedIds;
    @PropertyInject("treant.sqs.max-batches-in-flight") int maxBatchesInFlight;
    @PropertyInject("treant.sqs.call-timeout-ms") long sqsCallTimeoutMs;
    @PropertyInject("treant.sqs.batch-linger-ms") long batchLingerMs;
    @PropertyInject("treant.sqs.command-queue") String commandQueue;
    @PropertyInject("treant.sqs.voice-queue") String voiceQueue;

    @Override
    public void bind(CamelContext camel) {
        Registry beans = camel.getRegistry();
        ObjectMapper json = CamelContextHelper.mandatoryLookup(camel, "jsonMapper", ObjectMapper.class);
        Clock clock = CamelContextHelper.mandatoryLookup(camel, "clock", Clock.class);
        Store store = CamelContextHelper.mandatoryLookup(camel, "store", Store.class);
        SqsClient sqs = CamelContextHelper.mandatoryLookup(camel, "sqsClient", SqsClient.class);

        beans.bind("verifySignature", VerifySignature.of(publicKey, timestampWindowSeconds, interactionsMode));
        beans.bind("parseInteraction", new ParseInteraction(json));
        // judge needs Battle.net credentials; without them it is answered at once (and the log says so now)
        JudgeSetup judgeSetup = new JudgeSetup(blizzardClientId, blizzardClientSecret, secretsSource);
        judgeSetup.logSetup();
        beans.bind("judgeSetup", judgeSetup);
        // recap needs a Warcraft Logs client; without one it is answered at once, naming the two settings
        RecapSetup recapSetup = new RecapSetup(warcraftLogsClientId, warcraftLogsClientSecret, secretsSource,
                warcraftLogsGuild, warcraftLogsApiUrl);
        beans.bind("recapSetup", recapSetup);
        beans.bind("dispatchCommand", new DispatchCommand(maxTextLength, maxGoldAmount, judgeSetup, recapSetup));
        // each user's voice allowance: a burst, refilled one job per period (in the store: shared by api
        // instances on one DynamoDB table)
        UserVoiceAllowance allowance = UserVoiceAllowance.of(store, voiceBurst, voiceRefillSeconds, voiceCooldownSeconds,
                allowanceStoreWaitMs, clock);
        allowance.logSetup();
        beans.bind("userVoiceAllowance", allowance);
        // judge's autocomplete: choices from the store's directory (cached), or the shipped realm list
        beans.bind("judgeAutocomplete", new JudgeAutocomplete(store, defaultRealms, blizzardGuild, directoryCacheSeconds,
                directoryStoreWaitMs, clock));
        beans.bind("explainFailure", new ExplainFailure());
        // accepted interaction ids, so a retried delivery is answered without a second job
        beans.bind("interactionIds", MemoryIdempotentRepository.memoryIdempotentRepository(rememberedIds));
        // sqs-batch:<queue>: concurrent answers share SendMessageBatch calls (treant.queues.BatchingQueueSender)
        BatchingSqsComponent sqsBatch = new BatchingSqsComponent();
        sqsBatch.setSqsClient("sqsClient");
        sqsBatch.setMaxBatchesInFlight(maxBatchesInFlight);
        sqsBatch.setCallTimeoutMs(sqsCallTimeoutMs);
        sqsBatch.setLingerMs(batchLingerMs);
        beans.bind("sqs-batch", sqsBatch);
        beans.bind("apiQueuesHealthCheck", new QueueHealthCheck(sqs, "api-queues", commandQueue + "," + voiceQueue));
    }
}
