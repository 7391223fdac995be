package treant.roles;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.CamelContextHelper;
import software.amazon.awssdk.services.sqs.SqsClient;
import treant.AwsClients;
import treant.queues.ConsumerFailureLog;
import treant.queues.EmbeddedSqs;
import treant.queues.QueueHealthCheck;
import treant.recap.AutoRecap;
import treant.recap.RecapMessage;
import treant.recap.RecapSummary;
import treant.recap.WarcraftLogs;
import treant.store.Store;
import treant.store.StoreHealthCheck;
import treant.worker.Blizzard;
import treant.worker.CardParts;
import treant.worker.ClientCredentials;
import treant.worker.CommandJobs;
import treant.worker.DirectoryRefresh;
import treant.worker.DiscordWebhook;
import treant.worker.Gemini;
import treant.worker.GeminiRetry;
import treant.worker.GoldPrice;
import treant.worker.JobBudget;
import treant.worker.JobClaims;
import treant.worker.JudgeMessage;
import treant.worker.RetryAfterDelay;

/**
 * The worker role's beans: its queue consumer's client, and the processors the routes of
 * {@code routes/worker/} call. Outbound HTTP is Camel's http/https component (camel.component.http*.*
 * in application.properties): one pooled client, timeouts, no retries of its own (the routes' error
 * handler retries with backoff).
 */
public class WorkerBeans implements Beans {

    @PropertyInject("treant.aws.region") String region;
    @PropertyInject("treant.aws.http-client") String awsHttpClient;
    @PropertyInject("treant.sqs.endpoint") String sqsEndpoint;
    @PropertyInject("treant.sqs.max-connections") int sqsMaxConnections;
    @PropertyInject("treant.sqs.command-queue") String commandQueue;
    @PropertyInject("treant.sqs.voice-queue") String voiceQueue;
    @PropertyInject("treant.worker.wait-time-seconds") int waitTimeSeconds;
    @PropertyInject("treant.worker.sqs-timeout-margin-seconds") int sqsTimeoutMarginSeconds;
    @PropertyInject("treant.worker.job-max-age-seconds") long jobMaxAgeSeconds;
    @PropertyInject("treant.worker.claim-lease-seconds") long claimLeaseSeconds;
    @PropertyInject("treant.worker.job-budget-seconds") long jobBudgetSeconds;
    @PropertyInject("treant.worker.error-edit-reserve-seconds") long errorEditReserveSeconds;
    @PropertyInject("treant.worker.retry.max-redeliveries") int maxRedeliveries;
    @PropertyInject("treant.worker.retry.initial-delay-ms") long retryInitialDelayMs;
    @PropertyInject("treant.worker.retry.max-delay-ms") long retryMaxDelayMs;
    @PropertyInject("treant.discord.max-retry-after-seconds") long maxRetryAfterSeconds;
    @PropertyInject("treant.discord.token") String discordToken;
    @PropertyInject("treant.secrets.source") String secretsSource;
    @PropertyInject("treant.blizzard.client-id") String blizzardClientId;
    @PropertyInject("treant.blizzard.client-secret") String blizzardClientSecret;
    @PropertyInject("treant.blizzard.realm") String realm;
    @PropertyInject("treant.blizzard.guild") String guild;
    @PropertyInject("treant.directory.refresh-minutes") int directoryRefreshMinutes;
    @PropertyInject("treant.wowhead.url") String wowheadUrl;
    @PropertyInject("treant.gemini.api-key") String geminiApiKey;
    @PropertyInject("treant.gemini.model") String geminiModel;
    @PropertyInject("treant.gemini.thinking-level") String geminiThinkingLevel;
    @PropertyInject("treant.gemini.max-output-tokens") int geminiMaxOutputTokens;
    @PropertyInject("treant.gemini.max-redeliveries") int geminiMaxRedeliveries;
    @PropertyInject("treant.gemini.total-timeout-ms") long geminiTotalTimeoutMs;
    @PropertyInject("treant.judge.game") String game;
    @PropertyInject("treant.judge.level-cap") int levelCap;
    @PropertyInject("treant.gold.record-interval-minutes") long goldRecordIntervalMinutes;
    @PropertyInject("treant.gold.history-points") int goldHistoryPoints;
    @PropertyInject("treant.warcraftlogs.client-id") String warcraftLogsClientId;
    @PropertyInject("treant.warcraftlogs.client-secret") String warcraftLogsClientSecret;
    @PropertyInject("treant.warcraftlogs.api-url") String warcraftLogsApiUrl;
    @PropertyInject("treant.warcraftlogs.guild") String warcraftLogsGuild;
    @PropertyInject("treant.warcraftlogs.reports-per-query") int reportsPerQuery;
    @PropertyInject("treant.warcraftlogs.channel-id") String recapChannelId;
    @PropertyInject("treant.warcraftlogs.settle-minutes") long recapSettleMinutes;
    @PropertyInject("treant.warcraftlogs.max-report-age-hours") long recapMaxReportAgeHours;

    @Override
    public void bind(CamelContext camel) {
        Registry beans = camel.getRegistry();
        ObjectMapper json = CamelContextHelper.mandatoryLookup(camel, "jsonMapper", ObjectMapper.class);
        Clock clock = CamelContextHelper.mandatoryLookup(camel, "clock", Clock.class);
        Store store = CamelContextHelper.mandatoryLookup(camel, "store", Store.class);
        SqsClient sqs = CamelContextHelper.mandatoryLookup(camel, "sqsClient", SqsClient.class);
        EmbeddedSqs embeddedSqs = CamelContextHelper.mandatoryLookup(camel, "embeddedSqs", EmbeddedSqs.class);

        // the command queue consumer's client: a 20 s long poll must fit in one call
        beans.bind("pollingSqsClient", SqsClient.class, AwsClients.pollingSqs(region, sqsEndpoint, embeddedSqs,
                waitTimeSeconds, sqsTimeoutMarginSeconds, sqsMaxConnections, awsHttpClient));
        beans.bind("storeHealthCheck", new StoreHealthCheck(store));
        beans.bind("workerQueuesHealthCheck", new QueueHealthCheck(sqs, "worker-queues", commandQueue + "," + voiceQueue));
        // what the command-queue consumer reports of a failure: the flow has logged it already (worker-sqs)
        beans.bind("consumerFailureLog", new ConsumerFailureLog());
        // the command-job flow's idempotent repository: each job's claim in the store, a lease (worker-commands)
        JobClaims jobClaims = new JobClaims(store, clock, claimLeaseSeconds);
        beans.bind("jobClaims", jobClaims);
        beans.bind("commandJobs", new CommandJobs(json, jobClaims, clock, jobMaxAgeSeconds));
        // each delivery's time budget and the retries it leaves room for (worker-errors)
        beans.bind("jobBudget", new JobBudget(clock, jobBudgetSeconds, errorEditReserveSeconds, jobMaxAgeSeconds,
                maxRedeliveries, retryInitialDelayMs, retryMaxDelayMs));
        // the error handler's hook: a 429's retry_after / Retry-After sets the redelivery delay
        beans.bind("delayFromRetryAfter", new RetryAfterDelay(json, maxRetryAfterSeconds));
        beans.bind("discordWebhook", new DiscordWebhook(json));

        // judge
        Blizzard blizzard = new Blizzard(blizzardClientId, blizzardClientSecret, realm, json, clock);
        beans.bind("blizzard", blizzard);
        beans.bind("judgeMessage", new JudgeMessage(blizzard, wowheadUrl));
        // joins the judge's parallel Blizzard calls (worker-blizzard-character)
        beans.bind("cardParts", new CardParts());
        Gemini gemini = new Gemini(json, geminiApiKey, geminiModel, geminiThinkingLevel, geminiMaxOutputTokens, game,
                levelCap, clock, realm);
        beans.bind("gemini", gemini);
        // worker-ai's hook: whether and when a failed Gemini call is tried again
        beans.bind("geminiRetry", new GeminiRetry(json, geminiMaxRedeliveries, geminiTotalTimeoutMs, clock));

        // gold
        beans.bind("goldPrice", new GoldPrice(store, goldRecordIntervalMinutes, goldHistoryPoints, json, clock));

        // keeps the realm index and the guild roster fresh in the store (worker-directory)
        beans.bind("directoryRefresh", new DirectoryRefresh(store, json, realm, guild, blizzardClientId, secretsSource,
                directoryRefreshMinutes, clock));

        // recap: the client-credentials token, cached until shortly before it expires (as Blizzard's)
        beans.bind("warcraftLogsToken", new ClientCredentials(warcraftLogsClientId, warcraftLogsClientSecret,
                "Warcraft Logs", json, clock));
        WarcraftLogs warcraftLogs = new WarcraftLogs(warcraftLogsClientId, warcraftLogsClientSecret, warcraftLogsApiUrl,
                warcraftLogsGuild, realm, reportsPerQuery, json, clock);
        beans.bind("warcraftLogs", warcraftLogs);
        beans.bind("recapSummary", new RecapSummary(gemini, json, game));
        beans.bind("recapMessage", new RecapMessage(warcraftLogs, json));
        beans.bind("autoRecap", new AutoRecap(warcraftLogs, store, discordToken, recapChannelId, recapSettleMinutes,
                recapMaxReportAgeHours, clock));
    }
}
