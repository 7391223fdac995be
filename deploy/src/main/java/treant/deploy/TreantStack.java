package treant.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpServiceDiscoveryIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpServiceDiscoveryIntegrationProps;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpRouteIntegration;
import software.amazon.awscdk.services.apigatewayv2.VpcLink;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.CloudMapNamespaceOptions;
import software.amazon.awscdk.services.ecs.CloudMapOptions;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.servicediscovery.DnsRecordType;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Treant on AWS, in one of two {@link Shape}s. Both have the two queues (+ dead-letter queues), the
 * price-history table, the secrets, an HTTP API whose own execute-api URL is Discord's Interactions
 * Endpoint (no domain or certificate needed), and the voice role on Fargate (it holds a voice gateway
 * session, which a function cannot). {@code serverless}: api and worker are Lambda functions.
 * {@code always-on}: api and worker are Fargate services, the HTTP API reaches the api through a VPC
 * link and Cloud Map.
 */
public class TreantStack extends Stack {

    /** Context value choosing the shape: {@code -c shape=serverless} (default) or {@code -c shape=always-on}. */
    public static final String SHAPE_CONTEXT = "shape";
    /**
     * Context value: the functions' code, relative to deploy/ (the directory cdk runs in). By default the
     * function artifact {@code mvn package} writes beside target/treant.jar: the api and worker handlers
     * with only what they load (the root pom's function-jar execution).
     */
    public static final String JAR_CONTEXT = "treantJar";
    public static final String DEFAULT_JAR = "../target/treant-function.jar";
    /** Lambda refuses a package whose files add up to more than 262 144 000 bytes; the artifact stays far below. */
    public static final long MAX_FUNCTION_PACKAGE_BYTES = 60_000_000L;

    /**
     * Context values: the HTTP API's stage throttling, steady requests per second and burst. The endpoint is
     * public and unsigned floods reach it; past these API Gateway answers 429 before a function runs. A
     * guild's busiest moment is a raid of 40 typing autocomplete at once (burst 40); 20 a second is 1 200
     * interactions a minute, more than a guild makes, and bounds what a flood can cost (README: what it costs).
     */
    public static final String RATE_LIMIT_CONTEXT = "apiRateLimit";
    public static final String BURST_LIMIT_CONTEXT = "apiBurstLimit";
    public static final int DEFAULT_RATE_LIMIT = 20;
    public static final int DEFAULT_BURST_LIMIT = 40;
    /**
     * Context values: reserved concurrency of the serverless shape's functions ({@code off}: none). The api
     * answers in tens of milliseconds warm, about a second after a restore: 10 environments carry the
     * rate above even then, and a flood cannot take the account's concurrency. The worker's reserve is also
     * the event source's maximum concurrency (batches at once, up to 10 jobs each), so the poller never
     * invokes more than the reserve allows and no batch is throttled back to the queue. Lambda keeps 10 of
     * an account's concurrency unreserved: an account whose quota is below 25 needs {@code off} (or a raise).
     */
    public static final String API_CONCURRENCY_CONTEXT = "apiReservedConcurrency";
    public static final String WORKER_CONCURRENCY_CONTEXT = "workerReservedConcurrency";
    public static final int DEFAULT_API_CONCURRENCY = 10;
    public static final int DEFAULT_WORKER_CONCURRENCY = 5;

    /** The throttling settings; a null concurrency means none reserved. */
    public record Limits(int rateLimit, int burstLimit, Integer apiConcurrency, Integer workerConcurrency) {
        public static final Limits DEFAULT = new Limits(DEFAULT_RATE_LIMIT, DEFAULT_BURST_LIMIT,
                DEFAULT_API_CONCURRENCY, DEFAULT_WORKER_CONCURRENCY);
    }
    /**
     * Context value copied into the functions' environment. SnapStart snapshots a function after its
     * start-up, secrets read included, when a version is published: bumping this publishes new versions
     * that read the secrets again ({@code cdk deploy -c secretsRevision=2}, README: Deploy to AWS).
     */
    public static final String SECRETS_REVISION_CONTEXT = "secretsRevision";

    /**
     * One delivery of a command job, error edit included (TREANT_WORKER_JOB_BUDGET_SECONDS): the worker
     * cuts every call and stops retrying so that the job ends inside it, whatever Blizzard, Gemini or
     * Discord do. Everything below about the command queue and the worker function follows from it.
     */
    public static final int JOB_BUDGET_SECONDS = 120;
    /**
     * How long a received job stays hidden (TREANT_SQS_VISIBILITY_TIMEOUT); the consumer, or the worker
     * function, extends it while the job runs, so this is how soon a crashed worker's job is seen again.
     */
    public static final int JOB_HOLD_SECONDS = 10;
    /** The worker function shows a failed job again after this long (TREANT_WORKER_REDELIVERY_DELAY_SECONDS). */
    public static final int REDELIVERY_DELAY_SECONDS = 5;
    /** An interaction token lives 15 minutes from the interaction; the api stamps a job at most 3 s later. */
    public static final int TOKEN_LIFE_SECONDS = 15 * 60 - 3;
    /** The worker function reports its batch 2 s before its timeout, and stops jobs 1 s before that. */
    public static final int WORKER_FUNCTION_MARGIN_SECONDS = 5;
    /** Worst case of one command job: its budget (the always-on worker's queue outlives it a little). */
    public static final int COMMAND_JOB_WORST_CASE_SECONDS = JOB_BUDGET_SECONDS + WORKER_FUNCTION_MARGIN_SECONDS;
    /** Worst case of one voice job: join the channel, Polly, play up to 1000 characters of speech (~90 s). */
    public static final int VOICE_JOB_WORST_CASE_SECONDS = 180;
    /** Receives before a job goes to its dead-letter queue (the worker also retries inside one receive). */
    public static final int MAX_RECEIVE_COUNT = 4;
    /** An interaction token lives 15 minutes: a job older than an hour is useless except as evidence. */
    public static final int MIN_RETENTION_SECONDS = 3600;

    public static final int HTTP_PORT = 8080;
    public static final int MANAGEMENT_PORT = 8081; // application.properties treant.management.port
    /** Liveness only (the process is not wedged); readiness is a separate endpoint and restarts nothing. */
    public static final String LIVENESS_PATH = "/observe/health/live";
    public static final String INTERACTIONS_PATH = "/interactions";
    public static final String TABLE_NAME = "GoldPriceHistory";
    // the secrets' names, also given to the app as TREANT_SECRETS_* (literal, not the secrets' tokens)
    public static final String SECRET_PUBLIC_KEY = "treant/discord-public-key";
    public static final String SECRET_BOT_TOKEN = "treant/discord-bot-token";
    public static final String SECRET_BLIZZARD = "treant/blizzard";
    public static final String SECRET_GEMINI_API_KEY = "treant/gemini-api-key";
    public static final String SECRET_WARCRAFTLOGS = "treant/warcraftlogs";
    public static final String TTL_ATTRIBUTE = "expiresAt";

    // --- serverless: the functions
    public static final String API_HANDLER = "treant.lambda.ApiFunction::handleRequest";
    public static final String WORKER_HANDLER = "treant.lambda.WorkerFunction::handleRequest";
    public static final String ALIAS = "live";
    /**
     * Lambda gives CPU in proportion to memory (1769 MB = one vCPU). 1024 MB holds a Camel api process
     * (~250-350 MB heap and metaspace) with room, and buys ~0.6 vCPU for the first requests after a
     * SnapStart restore, when the JIT has not warmed up and a signature check plus an enqueue must still
     * fit in Discord's 3 s.
     */
    public static final int API_MEMORY_MB = 1024;
    /** Discord stops waiting after 3 s; 10 s bounds a restore plus a slow SQS call without paying for hangs. */
    public static final int API_TIMEOUT_SECONDS = 10;
    /** The worker makes HTTP calls and parses JSON; the same size as the api keeps one tested JVM setting. */
    public static final int WORKER_MEMORY_MB = 1024;
    /**
     * One invocation gets a batch of up to {@link #WORKER_BATCH_SIZE} jobs, which the handler runs
     * concurrently (as the always-on worker's concurrent consumers do), so the batch's worst case is one
     * judge job's worst case.
     */
    public static final int WORKER_TIMEOUT_SECONDS = JOB_BUDGET_SECONDS + WORKER_FUNCTION_MARGIN_SECONDS;
    public static final int WORKER_BATCH_SIZE = 10;
    public static final int WORKER_BATCHING_WINDOW_SECONDS = 1;
    /**
     * The automatic raid recap's poll (application.properties treant.warcraftlogs.poll-minutes): an
     * EventBridge schedule invokes the worker function with {@link #RECAP_POLL_EVENT}, a batch of one
     * record the handler recognises by its source (treant.lambda.WorkerFunction.RECAP_POLL). Without
     * the recap's settings the invocation does nothing and ends in milliseconds.
     */
    public static final int RECAP_POLL_MINUTES = 10;
    public static final Map<String, Object> RECAP_POLL_EVENT =
            Map.of("Records", List.of(Map.of("messageId", "recap-poll", "eventSource", "treant:recap-poll")));

    // --- Fargate task sizes (CPU units, MiB)
    public static final int VOICE_CPU = 512;
    public static final int VOICE_MEMORY_MIB = 1024; // measured peak RSS while speaking: see README
    public static final int API_TASK_CPU = 512;
    public static final int API_TASK_MEMORY_MIB = 1024;
    public static final int WORKER_TASK_CPU = 512;
    public static final int WORKER_TASK_MEMORY_MIB = 1024;
    /** A JVM with Camel on half a vCPU starts in ~20-40 s; checks are ignored (and failures not counted) until then. */
    public static final int CONTAINER_START_PERIOD_SECONDS = 90;
    public static final int SERVICE_GRACE_PERIOD_SECONDS = 120;

    public final Shape shape;
    public final Limits limits;
    public final Queue commandQueue;
    public final Queue commandDlq;
    public final Queue voiceQueue;
    public final Queue voiceDlq;
    public final Table table;
    public final Secret discordPublicKey;
    public final Secret discordToken;
    public final Secret blizzard;
    public final Secret geminiApiKey;
    public final Secret warcraftLogs;
    /** The api's role: the function's execution role (serverless) or the task role (always-on). */
    public final Role apiRole;
    /** The worker's role: the function's execution role (serverless) or the task role (always-on). */
    public final Role workerRole;
    public final Role voiceRole;
    public final HttpApi httpApi;
    public final FargateService voice;

    // serverless only (null in always-on)
    public final Function apiFunction;
    public final Alias apiAlias;
    public final Function workerFunction;
    public final Alias workerAlias;
    public final EventSourceMapping workerJobs;
    public final Rule recapPoll;

    // always-on only (null in serverless)
    public final FargateService api;
    public final FargateService worker;
    public final VpcLink vpcLink;
    public final SecurityGroup vpcLinkSg;
    public final SecurityGroup apiSg;

    public TreantStack(Construct scope, String id, StackProps props, Shape shape, String treantJar, String secretsRevision) {
        this(scope, id, props, shape, treantJar, secretsRevision, Limits.DEFAULT);
    }

    public TreantStack(Construct scope, String id, StackProps props, Shape shape, String treantJar, String secretsRevision,
                       Limits limits) {
        super(scope, id, props);
        this.shape = shape;
        this.limits = limits;
        boolean serverless = shape == Shape.SERVERLESS;

        CfnParameter image = CfnParameter.Builder.create(this, "ContainerImage")
                .type("String")
                .description("The Treant image (Dockerfile in the repository), e.g. <account>.dkr.ecr.<region>.amazonaws.com/treant:0.1.0")
                .build();
        CfnParameter applicationId = CfnParameter.Builder.create(this, "DiscordApplicationId")
                .type("String")
                .allowedPattern("\\d{17,20}")
                .description("Discord application id (General Information page of the developer portal)")
                .build();
        // raid recaps: whose reports, and where the automatic recap goes (empty: recap needs report:, no automatic recap)
        CfnParameter recapGuild = CfnParameter.Builder.create(this, "WarcraftLogsGuild")
                .type("String")
                .defaultValue("")
                .description("Guild whose Warcraft Logs reports are recapped: name, realm slug, region (e.g. Grove Wardens, dreamscythe, us); empty = none")
                .build();
        CfnParameter recapChannel = CfnParameter.Builder.create(this, "RecapChannelId")
                .type("String")
                .defaultValue("")
                .allowedPattern("(\\d{17,20})?")
                .description("Discord channel id the automatic raid recap is posted to; empty = no automatic recap")
                .build();
        // 0 on the first deploy: the secrets exist only after it, and tasks started on the generated
        // placeholders would fail their health checks and roll the stack back (README: Deploy to AWS)
        CfnParameter running = CfnParameter.Builder.create(this, "TasksPerService")
                .type("Number")
                .minValue(0)
                .maxValue(1)
                .defaultValue(1)
                .description(serverless
                        ? "Voice tasks: 0 until the secrets hold real values, then 1 (voice must stay at 1)"
                        : "0 until the secrets hold real values, then 1 (api and worker can be scaled later; voice must stay at 1)")
                .build();

        // --- queues. The command queue's own visibility only covers a message until its consumer takes
        // hold of it (the worker sets JOB_HOLD_SECONDS on receipt and extends it), so it is short: a
        // redelivery must come while the interaction token lives. An SQS event source needs it at least
        // as long as the function's timeout (AWS refuses the mapping otherwise); AWS's advice of 6 x that
        // is for batches Lambda retries when throttled, which the mapping's maximum concurrency avoids.
        int commandVisibility = WORKER_TIMEOUT_SECONDS + WORKER_BATCHING_WINDOW_SECONDS;
        int voiceVisibility = VOICE_JOB_WORST_CASE_SECONDS * 2;
        commandDlq = deadLetterQueue("CommandDlq", "treant-commands-dlq");
        commandQueue = jobQueue("CommandQueue", "treant-commands", commandVisibility, commandDlq);
        voiceDlq = deadLetterQueue("VoiceDlq", "treant-voice-dlq");
        voiceQueue = jobQueue("VoiceQueue", "treant-voice", voiceVisibility, voiceDlq);

        // --- price history: type (S) + timestamp (N); TTL expires idempotency records
        table = Table.Builder.create(this, "GoldPriceHistory")
                .tableName(TABLE_NAME)
                .partitionKey(Attribute.builder().name("type").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("timestamp").type(AttributeType.NUMBER).build())
                .timeToLiveAttribute(TTL_ATTRIBUTE)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        // --- secrets: created with random placeholders; the admin puts the real values (README)
        discordPublicKey = Secret.Builder.create(this, "DiscordPublicKey")
                .secretName(SECRET_PUBLIC_KEY)
                .description("Discord application public key (64 hex) — replace the generated placeholder (README: Deploy to AWS)")
                // a well-formed placeholder (64 lowercase hex): the api function starts, and is snapshotted,
                // on the first deploy, before the real key is put
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(64)
                        .excludePunctuation(true)
                        .excludeUppercase(true)
                        .includeSpace(false)
                        .excludeCharacters("ghijklmnopqrstuvwxyz")
                        .build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        discordToken = placeholderSecret("DiscordBotToken", SECRET_BOT_TOKEN, "Discord bot token");
        geminiApiKey = placeholderSecret("GeminiApiKey", SECRET_GEMINI_API_KEY, "Gemini API key");
        blizzard = clientSecret("Blizzard", SECRET_BLIZZARD, "Battle.net API client");
        warcraftLogs = clientSecret("WarcraftLogs", SECRET_WARCRAFTLOGS, "Warcraft Logs API client (raid recaps)");

        // --- network: public subnets only, no NAT gateway (a guild bot does not need to pay for one);
        // tasks get a public IP for outbound calls and accept no inbound traffic from the internet
        Vpc vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build()))
                .build();
        Cluster cluster = Cluster.Builder.create(this, "Cluster").vpc(vpc).build();
        LogGroup logs = logGroup("Logs", "/treant");

        Map<String, String> common = new TreeMap<>(); // sorted: a stable template diff
        common.put("TREANT_SECRETS_SOURCE", "aws");
        common.put("TREANT_SECRETS_DISCORD_PUBLIC_KEY", SECRET_PUBLIC_KEY);
        common.put("TREANT_SECRETS_DISCORD_TOKEN", SECRET_BOT_TOKEN);
        common.put("TREANT_SECRETS_BLIZZARD", SECRET_BLIZZARD);
        common.put("TREANT_SECRETS_GEMINI_API_KEY", SECRET_GEMINI_API_KEY);
        common.put("TREANT_SECRETS_WARCRAFTLOGS", SECRET_WARCRAFTLOGS);
        common.put("TREANT_AWS_REGION", getRegion());
        common.put("TREANT_SQS_COMMAND_QUEUE", commandQueue.getQueueName());
        common.put("TREANT_SQS_VOICE_QUEUE", voiceQueue.getQueueName());
        // the queues' owner: the app looks queues up with GetQueueUrl, never sqs:ListQueues
        common.put("TREANT_AWS_ACCOUNT_ID", getAccount());
        // the job budget and visibility the queues and the worker function's timeout are computed from
        common.put("TREANT_WORKER_JOB_BUDGET_SECONDS", Integer.toString(JOB_BUDGET_SECONDS));
        common.put("TREANT_SQS_VISIBILITY_TIMEOUT", Integer.toString(JOB_HOLD_SECONDS));
        common.put("TREANT_WORKER_REDELIVERY_DELAY_SECONDS", Integer.toString(REDELIVERY_DELAY_SECONDS));
        common.put("TREANT_STORE", "dynamodb");
        common.put("TREANT_DYNAMODB_TABLE", table.getTableName());
        common.put("TREANT_TTS_ENGINE", "polly");
        common.put("TREANT_LOG_FORMAT", "json");
        common.put("TREANT_DISCORD_APPLICATION_ID", applicationId.getValueAsString());
        common.put("TREANT_WARCRAFTLOGS_GUILD", recapGuild.getValueAsString());
        common.put("TREANT_WARCRAFTLOGS_CHANNEL_ID", recapChannel.getValueAsString());

        // --- least privilege, one role per Treant role
        String principal = serverless ? "lambda.amazonaws.com" : "ecs-tasks.amazonaws.com";
        apiRole = role("ApiRole", principal, "treant api: verify, answer, enqueue, autocomplete");
        allow(apiRole, "EnqueueJobs", List.of("sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"),
                commandQueue.getQueueArn(), voiceQueue.getQueueArn());
        // judge's autocomplete reads the lists the worker keeps in the table (GetItem; DescribeTable when
        // camel-aws2-ddb's endpoint starts); nothing else of the table
        allow(apiRole, "ReadAutocompleteLists", List.of("dynamodb:GetItem", "dynamodb:DescribeTable"), table.getTableArn());
        // each user's voice allowance (items voice/<user id>): conditional UpdateItem only, which creates
        // an absent item too (a dynamodb:LeadingKeys condition would narrow it to those items, but moto,
        // the IAM contract test's AWS, does not evaluate it, so nothing could prove it here)
        allow(apiRole, "VoiceAllowance", List.of("dynamodb:UpdateItem"), table.getTableArn());
        readSecrets(apiRole, discordPublicKey);

        workerRole = role("WorkerRole", principal, "treant worker: gold, judge and recap jobs, the automatic recap");
        // for Lambda these are what the event source mapping calls with the function's role
        allow(workerRole, "ConsumeCommandJobs", List.of("sqs:ReceiveMessage", "sqs:DeleteMessage",
                "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"), commandQueue.getQueueArn());
        allow(workerRole, "EnqueueVoiceJobs", List.of("sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"),
                voiceQueue.getQueueArn());
        // (no grant on treant-commands-dlq: a failed job is left to SQS's redrive, the worker never sends there)
        // what the worker's store does (camel-aws2-ddb): conditional put/update/delete of job claims and
        // prices, GetItem of a job claim (is this job done?), newest-first query; DescribeTable at start
        allow(workerRole, "PriceHistory", List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:DescribeTable"), table.getTableArn());
        // the bot token: the automatic raid recap is posted to its channel as the bot
        readSecrets(workerRole, blizzard, geminiApiKey, warcraftLogs, discordToken);

        voiceRole = role("VoiceTaskRole", "ecs-tasks.amazonaws.com", "treant voice: speak in voice channels");
        allow(voiceRole, "ConsumeVoiceJobs", List.of("sqs:ReceiveMessage", "sqs:DeleteMessage",
                "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"), voiceQueue.getQueueArn());
        // the voice route itself moves unreadable jobs and jobs that failed all retries to its DLQ
        allow(voiceRole, "DeadLetterOwnFailures", List.of("sqs:SendMessage", "sqs:GetQueueUrl"), voiceDlq.getQueueArn());
        // Polly has no resource-level permission for SynthesizeSpeech without lexicons
        allow(voiceRole, "Speech", List.of("polly:SynthesizeSpeech"), "*");
        readSecrets(voiceRole, discordToken);

        ContainerImage containerImage = ContainerImage.fromRegistry(image.getValueAsString());
        Number count = running.getValueAsNumber();
        SecurityGroup noInbound = SecurityGroup.Builder.create(this, serverless ? "VoiceSg" : "WorkerVoiceSg").vpc(vpc)
                .description(serverless ? "voice: outbound only" : "worker and voice: outbound only")
                .allowAllOutbound(true).build();
        voice = service("Voice", "voice", cluster, voiceRole, containerImage, logs, common, noInbound,
                VOICE_CPU, VOICE_MEMORY_MIB, count, false);

        httpApi = HttpApi.Builder.create(this, "HttpApi")
                .apiName("treant")
                .description("Discord's Interactions Endpoint: POST " + INTERACTIONS_PATH + " (everything else 404)")
                .createDefaultStage(true)
                .build();
        // on the default stage's own resource: a stage made anew would replace the deployed one
        ((CfnStage) httpApi.getDefaultStage().getNode().getDefaultChild()).setDefaultRouteSettings(
                CfnStage.RouteSettingsProperty.builder()
                        .throttlingRateLimit(limits.rateLimit())
                        .throttlingBurstLimit(limits.burstLimit())
                        .build());
        HttpRouteIntegration interactions;

        if (serverless) {
            Code code = lambdaCode(treantJar);
            LogGroup apiLogs = logGroup("ApiLogs", "/treant/api");
            LogGroup workerLogs = logGroup("WorkerLogs", "/treant/worker");
            apiFunction = function("ApiFunction", "api", API_HANDLER, code, apiRole, apiLogs, common, secretsRevision,
                    API_MEMORY_MB, API_TIMEOUT_SECONDS, limits.apiConcurrency());
            apiAlias = live("ApiLive", apiFunction);
            workerFunction = function("WorkerFunction", "worker", WORKER_HANDLER, code, workerRole, workerLogs, common,
                    secretsRevision, WORKER_MEMORY_MB, WORKER_TIMEOUT_SECONDS, limits.workerConcurrency());
            workerAlias = live("WorkerLive", workerFunction);
            // an explicit mapping (not SqsEventSource) so the only SQS permissions are the statement above
            EventSourceMapping.Builder jobs = EventSourceMapping.Builder.create(this, "WorkerJobs")
                    .target(workerAlias)
                    .eventSourceArn(commandQueue.getQueueArn())
                    .batchSize(WORKER_BATCH_SIZE)
                    .maxBatchingWindow(Duration.seconds(WORKER_BATCHING_WINDOW_SECONDS))
                    .reportBatchItemFailures(true); // the handler returns the ids of the jobs that failed
            if (limits.workerConcurrency() != null) {
                // no more batches at once than the reserve: a throttled batch would go back to the queue
                jobs.maxConcurrency(limits.workerConcurrency());
            }
            workerJobs = jobs.build();
            workerJobs.getNode().addDependency(defaultPolicy(workerRole)); // the role's policy exists before the mapping polls
            // the automatic recap's timer (an always-on worker runs its own)
            recapPoll = Rule.Builder.create(this, "RecapPoll")
                    .description("treant worker: look for new Warcraft Logs reports to recap")
                    .schedule(Schedule.rate(Duration.minutes(RECAP_POLL_MINUTES)))
                    .targets(List.of(new LambdaFunction(workerAlias, LambdaFunctionProps.builder()
                            .event(RuleTargetInput.fromObject(RECAP_POLL_EVENT))
                            .retryAttempts(0) // the next poll is the retry
                            .build())))
                    .build();
            interactions = new HttpLambdaIntegration("Interactions", apiAlias); // payload format 2.0
            api = null;
            worker = null;
            vpcLink = null;
            vpcLinkSg = null;
            apiSg = null;
        } else {
            cluster.addDefaultCloudMapNamespace(CloudMapNamespaceOptions.builder().name("treant.internal").vpc(vpc).build());
            vpcLinkSg = SecurityGroup.Builder.create(this, "VpcLinkSg").vpc(vpc)
                    .description("HTTP API VPC link: out to the api tasks only").allowAllOutbound(false).build();
            apiSg = SecurityGroup.Builder.create(this, "ApiSg").vpc(vpc)
                    .description("api tasks: interactions from the HTTP API VPC link only").allowAllOutbound(true).build();
            vpcLinkSg.getConnections().allowTo(apiSg, Port.tcp(HTTP_PORT), "interactions from the VPC link");
            api = service("Api", "api", cluster, apiRole, containerImage, logs, common, apiSg,
                    API_TASK_CPU, API_TASK_MEMORY_MIB, count, true);
            worker = service("Worker", "worker", cluster, workerRole, containerImage, logs, common, noInbound,
                    WORKER_TASK_CPU, WORKER_TASK_MEMORY_MIB, count, false);
            vpcLink = VpcLink.Builder.create(this, "VpcLink")
                    .vpc(vpc)
                    .subnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                    .securityGroups(List.of(vpcLinkSg))
                    .build();
            interactions = new HttpServiceDiscoveryIntegration("Interactions", api.getCloudMapService(),
                    HttpServiceDiscoveryIntegrationProps.builder().vpcLink(vpcLink).build());
            apiFunction = null;
            apiAlias = null;
            workerFunction = null;
            workerAlias = null;
            workerJobs = null;
            recapPoll = null;
        }
        httpApi.addRoutes(AddRoutesOptions.builder()
                .path(INTERACTIONS_PATH)
                .methods(List.of(HttpMethod.POST))
                .integration(interactions)
                .build());

        CfnOutput.Builder.create(this, "InteractionsEndpointUrl").value(httpApi.getApiEndpoint() + INTERACTIONS_PATH)
                .description("Paste into the Discord developer portal: General Information > Interactions Endpoint URL")
                .build();
        CfnOutput.Builder.create(this, "ClusterName").value(cluster.getClusterName()).build();
        CfnOutput.Builder.create(this, "VoiceServiceName").value(voice.getServiceName()).build();
        if (serverless) {
            CfnOutput.Builder.create(this, "ApiFunctionName").value(apiFunction.getFunctionName()).build();
            CfnOutput.Builder.create(this, "WorkerFunctionName").value(workerFunction.getFunctionName()).build();
        } else {
            CfnOutput.Builder.create(this, "ApiServiceName").value(api.getServiceName()).build();
            CfnOutput.Builder.create(this, "WorkerServiceName").value(worker.getServiceName()).build();
        }
        CfnOutput.Builder.create(this, "CommandDeadLetterQueue").value(commandDlq.getQueueUrl()).build();
        CfnOutput.Builder.create(this, "VoiceDeadLetterQueue").value(voiceDlq.getQueueUrl()).build();
    }

    private Queue deadLetterQueue(String id, String name) {
        return Queue.Builder.create(this, id)
                .queueName(name)
                .retentionPeriod(Duration.days(14))
                .encryption(QueueEncryption.SQS_MANAGED)
                .build();
    }

    /**
     * Retention: at least an hour (an interaction token lives 15 minutes, so older jobs are useless), and
     * long enough that a job failing every receive reaches the dead-letter queue before it expires.
     */
    private Queue jobQueue(String id, String name, int visibilitySeconds, Queue dlq) {
        int retention = Math.max(MIN_RETENTION_SECONDS, (MAX_RECEIVE_COUNT + 1) * visibilitySeconds);
        return Queue.Builder.create(this, id)
                .queueName(name)
                .visibilityTimeout(Duration.seconds(visibilitySeconds))
                .retentionPeriod(Duration.seconds(retention))
                .encryption(QueueEncryption.SQS_MANAGED)
                .deadLetterQueue(DeadLetterQueue.builder().queue(dlq).maxReceiveCount(MAX_RECEIVE_COUNT).build())
                .build();
    }

    private LogGroup logGroup(String id, String name) {
        return LogGroup.Builder.create(this, id)
                .logGroupName(name)
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    private Secret placeholderSecret(String id, String name, String description) {
        return Secret.Builder.create(this, id)
                .secretName(name)
                .description(description + " — replace the generated placeholder (README: Deploy to AWS)")
                .generateSecretString(SecretStringGenerator.builder().excludePunctuation(true).build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /** An API client's credentials as JSON: the client id to fill in, a random placeholder secret. */
    private Secret clientSecret(String id, String name, String description) {
        return Secret.Builder.create(this, id)
                .secretName(name)
                .description(description + ": {\"client_id\":…,\"client_secret\":…}")
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate("{\"client_id\":\"fill-me\"}")
                        .generateStringKey("client_secret")
                        .excludePunctuation(true)
                        .build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    private Role role(String id, String principal, String description) {
        return Role.Builder.create(this, id)
                .assumedBy(new ServicePrincipal(principal))
                .description(description)
                .build();
    }

    private static void allow(IRole role, String sid, List<String> actions, String... resources) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid(sid)
                .actions(actions)
                .resources(List.of(resources))
                .build());
    }

    private static void readSecrets(IRole role, Secret... secrets) {
        for (Secret s : secrets) {
            // only GetSecretValue: Camel's aws: function needs nothing else
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("secretsmanager:GetSecretValue"))
                    .resources(List.of(s.getSecretArn()))
                    .build());
        }
    }

    private static software.constructs.IDependable defaultPolicy(Role role) {
        return (software.constructs.IDependable) role.getNode().findChild("DefaultPolicy");
    }

    private static Code lambdaCode(String treantJar) {
        if (!Files.isRegularFile(Path.of(treantJar))) {
            throw new IllegalStateException("the serverless shape needs the function artifact at " + Path.of(treantJar).toAbsolutePath().normalize()
                    + ": run `mvn -B package` at the repository root first (or pass -c " + JAR_CONTEXT + "=<path>)");
        }
        return Code.fromAsset(treantJar); // a .jar is uploaded as it is, as the function's code archive
    }

    private Function function(String id, String roleName, String handler, Code code, Role role, LogGroup logGroup,
            Map<String, String> common, String secretsRevision, int memoryMb, int timeoutSeconds, Integer reservedConcurrency) {
        TreeMap<String, String> env = new TreeMap<>(common);
        env.put("TREANT_ROLES", roleName);
        env.put("TREANT_SECRETS_REVISION", secretsRevision);
        // the JDK's HTTP client for SQS and DynamoDB: the function artifact has no Apache client
        env.put("TREANT_AWS_HTTP_CLIENT", "url-connection");
        // the role writes to its own log group only (no AWSLambdaBasicExecutionRole and its "*" log groups)
        allow(role, "OwnLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"), logGroup.getLogGroupArn());
        Function fn = Function.Builder.create(this, id)
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.X86_64)
                .handler(handler)
                .code(code)
                .role(role)
                .memorySize(memoryMb)
                .timeout(Duration.seconds(timeoutSeconds))
                .environment(env)
                .logGroup(logGroup)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .reservedConcurrentExecutions(reservedConcurrency)
                .description("treant " + roleName)
                .build();
        software.amazon.awscdk.Annotations.of(fn).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "every function is published through its currentVersion, behind the alias " + ALIAS);
        // the policy exists before a version is published, which runs the start-up (secrets read included)
        fn.getNode().addDependency(defaultPolicy(role));
        return fn;
    }

    /** Callers always invoke the alias, so SnapStart (published versions only) is what answers. */
    private Alias live(String id, Function fn) {
        return Alias.Builder.create(this, id).aliasName(ALIAS).version(fn.getCurrentVersion()).build();
    }

    private FargateService service(String id, String role, Cluster cluster, Role taskRole, ContainerImage image,
            LogGroup logs, Map<String, String> common, SecurityGroup sg, int cpu, int memory, Number count, boolean http) {
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, id + "Task")
                .cpu(cpu)
                .memoryLimitMiB(memory)
                .taskRole(taskRole)
                // jdave ships linux-x86-64 natives only
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(CpuArchitecture.X86_64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX).build())
                .build();
        // the image lives in a private ECR repository: the execution role pulls it and writes the logs
        task.obtainExecutionRole().addManagedPolicy(
                ManagedPolicy.fromAwsManagedPolicyName("service-role/AmazonECSTaskExecutionRolePolicy"));
        TreeMap<String, String> env = new TreeMap<>(common);
        env.put("TREANT_ROLES", role);
        ContainerDefinition container = task.addContainer(id, ContainerDefinitionOptions.builder()
                .image(image)
                .essential(true)
                .environment(env)
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix(role).build()))
                .healthCheck(HealthCheck.builder()
                        .command(List.of("CMD-SHELL", "curl -fsS http://127.0.0.1:" + MANAGEMENT_PORT + LIVENESS_PATH + " || exit 1"))
                        .interval(Duration.seconds(30))
                        .timeout(Duration.seconds(5))
                        .retries(3)
                        .startPeriod(Duration.seconds(CONTAINER_START_PERIOD_SECONDS))
                        .build())
                .build());
        if (http) {
            container.addPortMappings(PortMapping.builder().containerPort(HTTP_PORT).build());
        }
        FargateService.Builder b = FargateService.Builder.create(this, id + "Service")
                .cluster(cluster)
                .taskDefinition(task)
                .desiredCount(count)
                .assignPublicIp(true) // public subnets, no NAT: tasks reach AWS APIs and Discord directly
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .securityGroups(List.of(sg))
                .healthCheckGracePeriod(Duration.seconds(SERVICE_GRACE_PERIOD_SECONDS))
                .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build());
        if ("voice".equals(role)) {
            // one gateway session per bot token in a voice channel: stop the old task before starting the new
            b.minHealthyPercent(0).maxHealthyPercent(100);
        } else {
            b.minHealthyPercent(100).maxHealthyPercent(200);
        }
        if (http) {
            // SRV records carry the port, which the HTTP API's Cloud Map integration needs
            b.cloudMapOptions(CloudMapOptions.builder()
                    .name(role)
                    .dnsRecordType(DnsRecordType.SRV)
                    .container(container)
                    .containerPort(HTTP_PORT)
                    .dnsTtl(Duration.seconds(10))
                    .build());
        }
        return b.build();
    }

    /**
     * The stack for the app's context: {@value #SHAPE_CONTEXT}, {@value #JAR_CONTEXT}, {@value #SECRETS_REVISION_CONTEXT},
     * {@value #RATE_LIMIT_CONTEXT}, {@value #BURST_LIMIT_CONTEXT}, {@value #API_CONCURRENCY_CONTEXT},
     * {@value #WORKER_CONCURRENCY_CONTEXT}.
     */
    public static TreantStack create(App app) {
        Shape shape = Shape.of(app.getNode().tryGetContext(SHAPE_CONTEXT));
        Object jar = app.getNode().tryGetContext(JAR_CONTEXT);
        Object revision = app.getNode().tryGetContext(SECRETS_REVISION_CONTEXT);
        Limits limits = new Limits(
                count(app, RATE_LIMIT_CONTEXT, DEFAULT_RATE_LIMIT, 1, false),
                count(app, BURST_LIMIT_CONTEXT, DEFAULT_BURST_LIMIT, 1, false),
                count(app, API_CONCURRENCY_CONTEXT, DEFAULT_API_CONCURRENCY, 1, true),
                // an SQS event source's maximum concurrency is at least 2
                count(app, WORKER_CONCURRENCY_CONTEXT, DEFAULT_WORKER_CONCURRENCY, 2, true));
        String description = shape == Shape.SERVERLESS
                ? "Treant Discord bot (serverless): api and worker on Lambda behind an HTTP API and SQS, voice on ECS Fargate; DynamoDB, Secrets Manager, Polly"
                : "Treant Discord bot (always-on): api, worker and voice on ECS Fargate, an HTTP API through a VPC link; SQS, DynamoDB, Secrets Manager, Polly";
        return new TreantStack(app, "Treant", StackProps.builder().description(description).build(), shape,
                jar == null ? DEFAULT_JAR : jar.toString(), revision == null ? "1" : revision.toString(), limits);
    }

    /** A whole number of at least {@code min} from the context, its default when absent; {@code off} (null) where allowed. */
    private static Integer count(App app, String name, int fallback, int min, boolean mayBeOff) {
        Object value = app.getNode().tryGetContext(name);
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        String text = value.toString().trim();
        if (mayBeOff && text.equals("off")) {
            return null;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("-c " + name + "=" + value + ": a whole number of at least " + min
                + (mayBeOff ? ", or off" : ""));
    }
}
