package treant;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import org.apache.camel.component.aws2.sqs.Sqs2Component;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import treant.metrics.RecordQueueToAnswer;
import treant.store.DynamoDbStore;
import treant.store.EmbeddedStore;
import treant.store.GoldPriceHistory;
import treant.store.JobLedger;
import treant.worker.Blizzard;
import treant.worker.CommandJobs;
import treant.worker.DiscordWebhook;
import treant.worker.Gemini;
import treant.worker.GoldPrice;
import treant.worker.JudgeMessage;

/**
 * Beans of the worker role, built once per process: one HTTP component per outside service (each
 * with its own timeouts and a pooled client, no per-job clients), the Blizzard token cache, the
 * store chosen by {@code treant.store}, and the named processors the {@code routes/worker-*.yaml}
 * routes refer to.
 */
public class WorkerBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerBeans.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();
        ObjectMapper mapper = sharedMapper(context);

        // camel-http keeps timeouts per component, so each service gets its own component instance
        registry.bind("discord-http", http(context, "treant.discord.timeout-ms"));
        registry.bind("blizzard-http", http(context, "treant.blizzard.timeout-ms"));
        registry.bind("gemini-http", http(context, "treant.gemini.timeout-ms"));
        registry.bind("gold-http", http(context, "treant.gold.timeout-ms"));

        // a component of its own rather than a second SqsClient bean: other routes autowire the one
        // SqsClient of the registry, and a second bean would make that ambiguous
        Sqs2Component commandQueue = new Sqs2Component();
        commandQueue.getConfiguration().setAmazonSQSClient(longPollingSqs(context));
        registry.bind("worker-sqs", commandQueue);

        Object store = store(context);
        registry.bind("goldPriceHistory", store);
        registry.bind("jobLedger", store);
        registry.bind("storeHealthCheck", new StoreHealthCheck((GoldPriceHistory) store));

        CommandJobs jobs = new CommandJobs(mapper, (JobLedger) store, clock,
                Duration.ofSeconds(longProp(context, "treant.worker.job-max-age-seconds", 900)),
                Duration.ofSeconds(longProp(context, "treant.worker.claim-stale-seconds", 300)));
        bind(registry, "readCommandJob", jobs::read);
        bind(registry, "claimJob", jobs::claim);
        bind(registry, "completeJob", jobs::complete);
        bind(registry, "releaseJobAndExplain", jobs::releaseAndExplain);
        bind(registry, "recordQueueToAnswer", new RecordQueueToAnswer());

        Blizzard blizzard = new Blizzard(prop(context, "treant.blizzard.oauth-url", "https://oauth.battle.net/token"),
                prop(context, "treant.blizzard.client-id", ""), prop(context, "treant.blizzard.client-secret", ""),
                prop(context, "treant.blizzard.api-url", "https://us.api.blizzard.com"),
                prop(context, "treant.blizzard.namespace", "profile-classicann-us"),
                prop(context, "treant.blizzard.realm", "dreamscythe"), mapper, clock);
        registry.bind("blizzard", blizzard);
        bind(registry, "useCachedBlizzardToken", blizzard::useCachedToken);
        bind(registry, "prepareBlizzardTokenRequest", blizzard::prepareTokenRequest);
        bind(registry, "rememberBlizzardToken", blizzard::rememberToken);
        bind(registry, "prepareEquipmentRequest", blizzard::prepareEquipmentRequest);
        bind(registry, "forgetBlizzardToken", blizzard::forgetToken);
        bind(registry, "readEquipment", blizzard::readEquipment);

        JudgeMessage judge = new JudgeMessage(blizzard);
        bind(registry, "buildJudgeEmbed", judge::buildJudgeEmbed);
        bind(registry, "characterNotFound", judge::characterNotFound);

        Gemini gemini = new Gemini(prop(context, "treant.gemini.api-url", "https://generativelanguage.googleapis.com"),
                prop(context, "treant.gemini.model", "gemini-2.5-flash"), prop(context, "treant.gemini.api-key", ""),
                mapper);
        bind(registry, "prepareGeminiRequest", gemini::prepareRequest);
        bind(registry, "readGeminiAnalysis", gemini::readAnalysis);
        bind(registry, "aiAnalysisUnavailable", gemini::unavailable);

        GoldPrice gold = new GoldPrice(prop(context, "treant.gold.price-url", ""), (GoldPriceHistory) store,
                Duration.ofMinutes(longProp(context, "treant.gold.record-interval-minutes", 30)),
                (int) longProp(context, "treant.gold.history-points", 24), mapper, clock);
        bind(registry, "prepareGoldOfferRequest", gold::prepareOfferRequest);
        bind(registry, "readGoldOffer", gold::readOffer);
        bind(registry, "recordAndLoadGoldHistory", gold::recordAndLoadHistory);
        bind(registry, "buildGoldMessage", gold::buildMessage);
        bind(registry, "buildGoldVoiceJob", gold::buildVoiceJob);

        DiscordWebhook discord = new DiscordWebhook(prop(context, "treant.discord.api-url", "https://discord.com/api/v10"),
                mapper, 1000 * longProp(context, "treant.discord.max-retry-after-seconds", 30));
        bind(registry, "prepareDiscordEdit", discord::prepareEdit);
        bind(registry, "delayFromRetryAfter", discord::delayFromRetryAfter);
    }

    private static void bind(Registry registry, String name, Processor processor) {
        registry.bind(name, Processor.class, processor);
    }

    /** The lead's SharedBeans binds {@code jsonMapper}; a worker started alone (tests, camel run) builds the same. */
    private static ObjectMapper sharedMapper(CamelContext context) {
        ObjectMapper mapper = context.getRegistry().lookupByNameAndType("jsonMapper", ObjectMapper.class);
        if (mapper == null) {
            mapper = Json.newMapper();
            context.getRegistry().bind("jsonMapper", mapper);
        }
        return mapper;
    }

    private static HttpComponent http(CamelContext context, String timeoutProperty) {
        long timeout = longProp(context, timeoutProperty, 5000);
        HttpComponent http = new HttpComponent();
        http.setConnectTimeout(Math.min(timeout, longProp(context, "treant.http-client.connect-timeout-ms", 3000)));
        http.setConnectionRequestTimeout(timeout);
        http.setResponseTimeout(timeout);
        http.setSoTimeout(timeout);
        int pool = (int) longProp(context, "treant.http-client.max-connections", 200);
        http.setMaxTotalConnections(pool);
        http.setConnectionsPerRoute(pool);
        // retries belong to the routes' error handler (backoff, retry_after, final message), not to
        // the HTTP client, which would otherwise silently re-send on 429/503
        http.setHttpClientConfigurer(builder -> builder.disableAutomaticRetries());
        return http;
    }

    /**
     * The shared SQS client gives up after {@code treant.sqs.call-timeout-ms} (2 s: the api must
     * answer Discord within 3 s), which would cut every 20-second long poll short. The worker's
     * consumer gets a client to the same endpoint, region and credentials with room for the poll.
     */
    private static SqsClient longPollingSqs(CamelContext context) {
        SqsClient shared = context.getRegistry().lookupByNameAndType("sqsClient", SqsClient.class);
        if (shared == null) {
            throw new IllegalStateException("no sqsClient bean: SharedBeans must be configured before WorkerBeans");
        }
        var config = shared.serviceClientConfiguration();
        Duration poll = Duration.ofSeconds(longProp(context, "treant.worker.wait-time-seconds", 20));
        Duration timeout = poll.plusSeconds(longProp(context, "treant.worker.sqs-timeout-margin-seconds", 10));
        SqsClientBuilder builder = SqsClient.builder()
                .region(config.region())
                .credentialsProvider(config.credentialsProvider())
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections((int) longProp(context, "treant.worker.concurrent-consumers", 8) * 2 + 16)
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(timeout))
                .overrideConfiguration(c -> c.apiCallTimeout(timeout));
        config.endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static Object store(CamelContext context) throws Exception {
        String kind = prop(context, "treant.store", "embedded");
        switch (kind) {
            case "embedded" -> {
                Path file = Path.of(prop(context, "treant.store.embedded-file", "./data/treant"));
                if (file.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                }
                LOG.info("price history: embedded H2 file {}.mv.db", file);
                EmbeddedStore store = new EmbeddedStore(file.toString());
                context.addService(new org.apache.camel.support.service.ServiceSupport() {
                    @Override
                    protected void doStop() {
                        store.close();
                    }
                });
                return store;
            }
            case "dynamodb" -> {
                DynamoDbClient client = dynamoDb(context);
                context.getRegistry().bind("dynamoDbClient", client);
                String table = prop(context, "treant.dynamodb.table", "GoldPriceHistory");
                LOG.info("price history: DynamoDB table {}", table);
                return new DynamoDbStore(context.createProducerTemplate(),
                        "aws2-ddb:" + table + "?amazonDDBClient=#dynamoDbClient");
            }
            default -> throw new IllegalArgumentException("treant.store must be dynamodb or embedded, not " + kind);
        }
    }

    /** Built once; the SDK retries 5xx, throttling and timeouts with backoff (standard retry mode). */
    private static DynamoDbClient dynamoDb(CamelContext context) {
        Duration timeout = Duration.ofMillis(longProp(context, "treant.dynamodb.timeout-ms", 3000));
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .region(Region.of(prop(context, "treant.aws.region", "us-east-1")))
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout)
                        .maxConnections((int) longProp(context, "treant.http-client.max-connections", 200)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallAttemptTimeout(timeout)
                        .apiCallTimeout(timeout.multipliedBy(4))
                        .build());
        String endpoint = prop(context, "treant.dynamodb.endpoint", "");
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        builder.credentialsProvider(AwsClients.credentials(endpoint));
        return builder.build();
    }

    static String prop(CamelContext context, String name, String fallback) {
        return context.getPropertiesComponent().resolveProperty(name).map(String::trim).orElse(fallback);
    }

    static long longProp(CamelContext context, String name, long fallback) {
        String v = prop(context, name, "");
        return v.isEmpty() ? fallback : Long.parseLong(v);
    }
}
