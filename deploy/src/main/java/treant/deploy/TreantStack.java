package treant.deploy;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
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
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Treant on AWS: the two queues (+ dead-letter queues), the price-history table, the secrets, and
 * one always-on ECS Fargate service per role. The api is always on (not Lambda): Discord wants the
 * first answer within 3 s, and cold starts are what made the original miss it.
 */
public class TreantStack extends Stack {

    /** Worst case of one command job: Blizzard token + equipment + Gemini, each with timeouts and retries. */
    public static final int COMMAND_JOB_WORST_CASE_SECONDS = 180;
    /** Worst case of one voice job: join the channel, Polly, play up to 1000 characters of speech (~90 s). */
    public static final int VOICE_JOB_WORST_CASE_SECONDS = 180;
    /** Receives before a job goes to its dead-letter queue (the worker also retries inside one receive). */
    public static final int MAX_RECEIVE_COUNT = 4;

    public static final int HTTP_PORT = 8080;
    public static final int MANAGEMENT_PORT = 8081; // application.properties treant.management.port
    public static final String TABLE_NAME = "GoldPriceHistory";
    public static final String TTL_ATTRIBUTE = "expiresAt";

    public final Queue commandQueue;
    public final Queue commandDlq;
    public final Queue voiceQueue;
    public final Queue voiceDlq;
    public final Table table;
    public final Secret discordPublicKey;
    public final Secret discordToken;
    public final Secret blizzard;
    public final Secret geminiApiKey;
    public final Role apiRole;
    public final Role workerRole;
    public final Role voiceRole;
    public final FargateService api;
    public final FargateService worker;
    public final FargateService voice;
    public final ApplicationLoadBalancer alb;

    public TreantStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);

        CfnParameter image = CfnParameter.Builder.create(this, "ContainerImage")
                .type("String")
                .description("The Treant image (Dockerfile in the repository), e.g. <account>.dkr.ecr.<region>.amazonaws.com/treant:0.1.0")
                .build();
        CfnParameter certificateArn = CfnParameter.Builder.create(this, "CertificateArn")
                .type("String")
                .allowedPattern("arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+")
                .description("ACM certificate (same region) for the HTTPS name Discord calls: https://<name>/interactions")
                .build();
        CfnParameter applicationId = CfnParameter.Builder.create(this, "DiscordApplicationId")
                .type("String")
                .allowedPattern("\\d{17,20}")
                .description("Discord application id (General Information page of the developer portal)")
                .build();

        // 0 on the first deploy: the secrets exist only after it, and tasks started on the generated
        // placeholders would fail their health checks and roll the stack back (README: Deploy to AWS)
        CfnParameter running = CfnParameter.Builder.create(this, "TasksPerService")
                .type("Number")
                .minValue(0)
                .maxValue(1)
                .defaultValue(1)
                .description("0 until the secrets hold real values, then 1 (api and worker can be scaled later; voice must stay at 1)")
                .build();

        // --- queues: visibility longer than a job's worst case, so a slow job is not handed out twice
        commandDlq = Queue.Builder.create(this, "CommandDlq")
                .queueName("treant-commands-dlq")
                .retentionPeriod(Duration.days(14))
                .encryption(QueueEncryption.SQS_MANAGED)
                .build();
        commandQueue = Queue.Builder.create(this, "CommandQueue")
                .queueName("treant-commands")
                .visibilityTimeout(Duration.seconds(COMMAND_JOB_WORST_CASE_SECONDS * 2))
                .retentionPeriod(Duration.hours(1)) // an interaction token lives 15 minutes; older jobs are useless
                .encryption(QueueEncryption.SQS_MANAGED)
                .deadLetterQueue(DeadLetterQueue.builder().queue(commandDlq).maxReceiveCount(MAX_RECEIVE_COUNT).build())
                .build();
        voiceDlq = Queue.Builder.create(this, "VoiceDlq")
                .queueName("treant-voice-dlq")
                .retentionPeriod(Duration.days(14))
                .encryption(QueueEncryption.SQS_MANAGED)
                .build();
        voiceQueue = Queue.Builder.create(this, "VoiceQueue")
                .queueName("treant-voice")
                .visibilityTimeout(Duration.seconds(VOICE_JOB_WORST_CASE_SECONDS * 2))
                .retentionPeriod(Duration.hours(1))
                .encryption(QueueEncryption.SQS_MANAGED)
                .deadLetterQueue(DeadLetterQueue.builder().queue(voiceDlq).maxReceiveCount(MAX_RECEIVE_COUNT).build())
                .build();

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
        discordPublicKey = placeholderSecret("DiscordPublicKey", "treant/discord-public-key", "Discord application public key (64 hex)");
        discordToken = placeholderSecret("DiscordBotToken", "treant/discord-bot-token", "Discord bot token");
        geminiApiKey = placeholderSecret("GeminiApiKey", "treant/gemini-api-key", "Gemini API key");
        blizzard = Secret.Builder.create(this, "Blizzard")
                .secretName("treant/blizzard")
                .description("Battle.net API client: {\"client_id\":…,\"client_secret\":…}")
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate("{\"client_id\":\"fill-me\"}")
                        .generateStringKey("client_secret")
                        .excludePunctuation(true)
                        .build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        // --- network: public subnets only, no NAT gateway (a guild bot does not need to pay for one)
        Vpc vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build()))
                .build();
        Cluster cluster = Cluster.Builder.create(this, "Cluster").vpc(vpc).build();
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/treant")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        Map<String, String> common = Map.of(
                "TREANT_SECRETS_SOURCE", "aws",
                "TREANT_AWS_REGION", getRegion(),
                "TREANT_SQS_COMMAND_QUEUE", commandQueue.getQueueName(),
                "TREANT_SQS_VOICE_QUEUE", voiceQueue.getQueueName(),
                "TREANT_STORE", "dynamodb",
                "TREANT_DYNAMODB_TABLE", table.getTableName(),
                "TREANT_TTS_ENGINE", "polly",
                "TREANT_LOG_FORMAT", "json",
                "TREANT_DISCORD_APPLICATION_ID", applicationId.getValueAsString());

        // --- least privilege, one task role per role
        apiRole = taskRole("ApiTaskRole", "treant api: verify, answer, enqueue");
        apiRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("EnqueueJobs")
                .actions(List.of("sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"))
                .resources(List.of(commandQueue.getQueueArn(), voiceQueue.getQueueArn()))
                .build());
        readSecrets(apiRole, discordPublicKey);

        workerRole = taskRole("WorkerTaskRole", "treant worker: gold and judge jobs");
        workerRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("ConsumeCommandJobs")
                .actions(List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                        "sqs:GetQueueUrl", "sqs:GetQueueAttributes"))
                .resources(List.of(commandQueue.getQueueArn()))
                .build());
        workerRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("EnqueueVoiceJobs")
                .actions(List.of("sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"))
                .resources(List.of(voiceQueue.getQueueArn()))
                .build());
        workerRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("PriceHistory")
                // what the worker's store does (camel-aws2-ddb): conditional put/update/delete of job claims and
                // prices, newest-first query; DescribeTable when the endpoint starts
                .actions(List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query",
                        "dynamodb:DescribeTable"))
                .resources(List.of(table.getTableArn()))
                .build());
        readSecrets(workerRole, blizzard, geminiApiKey);

        voiceRole = taskRole("VoiceTaskRole", "treant voice: speak in voice channels");
        voiceRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("ConsumeVoiceJobs")
                .actions(List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                        "sqs:GetQueueUrl", "sqs:GetQueueAttributes"))
                .resources(List.of(voiceQueue.getQueueArn()))
                .build());
        voiceRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("DeadLetterOwnFailures")
                // the voice route itself moves unreadable jobs and jobs that failed all retries to its DLQ
                .actions(List.of("sqs:SendMessage", "sqs:GetQueueUrl"))
                .resources(List.of(voiceDlq.getQueueArn()))
                .build());
        voiceRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("Speech")
                .actions(List.of("polly:SynthesizeSpeech"))
                .resources(List.of("*")) // Polly has no resource-level permission for SynthesizeSpeech without lexicons
                .build());
        readSecrets(voiceRole, discordToken);

        ContainerImage containerImage = ContainerImage.fromRegistry(image.getValueAsString());

        // --- api behind an HTTPS load balancer; only /interactions is forwarded
        SecurityGroup albSg = SecurityGroup.Builder.create(this, "AlbSg").vpc(vpc)
                .description("HTTPS from Discord (internet)").allowAllOutbound(true).build();
        albSg.addIngressRule(software.amazon.awscdk.services.ec2.Peer.anyIpv4(), Port.tcp(443), "HTTPS");
        albSg.addIngressRule(software.amazon.awscdk.services.ec2.Peer.anyIpv4(), Port.tcp(80), "HTTP, redirected to HTTPS");
        SecurityGroup apiSg = SecurityGroup.Builder.create(this, "ApiSg").vpc(vpc)
                .description("api tasks: only from the load balancer").allowAllOutbound(true).build();
        apiSg.addIngressRule(albSg, Port.tcp(HTTP_PORT), "interactions from the ALB");
        apiSg.addIngressRule(albSg, Port.tcp(MANAGEMENT_PORT), "health checks from the ALB");
        SecurityGroup noInbound = SecurityGroup.Builder.create(this, "WorkerVoiceSg").vpc(vpc)
                .description("worker and voice: outbound only").allowAllOutbound(true).build();

        Number count = running.getValueAsNumber();
        api = service("Api", "api", cluster, apiRole, containerImage, logs, common, apiSg, 512, 1024, count, true);
        worker = service("Worker", "worker", cluster, workerRole, containerImage, logs, common, noInbound, 512, 1024, count, false);
        voice = service("Voice", "voice", cluster, voiceRole, containerImage, logs, common, noInbound, 1024, 2048, count, false);

        alb = ApplicationLoadBalancer.Builder.create(this, "Alb").vpc(vpc).internetFacing(true).securityGroup(albSg).build();
        alb.addRedirect();
        ApplicationListener https = alb.addListener("Https", BaseApplicationListenerProps.builder()
                .port(443)
                .protocol(ApplicationProtocol.HTTPS)
                .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                .certificates(List.of(software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate.fromArn(certificateArn.getValueAsString())))
                .defaultAction(ListenerAction.fixedResponse(404, software.amazon.awscdk.services.elasticloadbalancingv2.FixedResponseOptions.builder()
                        .contentType("text/plain").messageBody("not found").build()))
                .build());
        https.addTargets("Interactions", AddApplicationTargetsProps.builder()
                .priority(10)
                .conditions(List.of(ListenerCondition.pathPatterns(List.of("/interactions"))))
                .port(HTTP_PORT)
                .protocol(ApplicationProtocol.HTTP)
                .targets(List.of(api))
                .deregistrationDelay(Duration.seconds(10))
                .healthCheck(software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck.builder()
                        .path("/observe/health")
                        .port(String.valueOf(MANAGEMENT_PORT))
                        .healthyHttpCodes("200")
                        .interval(Duration.seconds(15))
                        .healthyThresholdCount(2)
                        .unhealthyThresholdCount(3)
                        .build())
                .build());

        CfnOutput.Builder.create(this, "InteractionsEndpointHost").value(alb.getLoadBalancerDnsName())
                .description("Point your certificate's DNS name (CNAME/alias) here; Discord's Interactions Endpoint URL is https://<that name>/interactions")
                .build();
        CfnOutput.Builder.create(this, "ClusterName").value(cluster.getClusterName()).build();
        CfnOutput.Builder.create(this, "ApiServiceName").value(api.getServiceName()).build();
        CfnOutput.Builder.create(this, "WorkerServiceName").value(worker.getServiceName()).build();
        CfnOutput.Builder.create(this, "VoiceServiceName").value(voice.getServiceName()).build();
        CfnOutput.Builder.create(this, "CommandDeadLetterQueue").value(commandDlq.getQueueUrl()).build();
        CfnOutput.Builder.create(this, "VoiceDeadLetterQueue").value(voiceDlq.getQueueUrl()).build();
    }

    private Secret placeholderSecret(String id, String name, String description) {
        return Secret.Builder.create(this, id)
                .secretName(name)
                .description(description + " — replace the generated placeholder (README: Deploy to AWS)")
                .generateSecretString(SecretStringGenerator.builder().excludePunctuation(true).build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    private Role taskRole(String id, String description) {
        return Role.Builder.create(this, id)
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description(description)
                .build();
    }

    private static void readSecrets(Role role, Secret... secrets) {
        for (Secret s : secrets) {
            // only GetSecretValue: Camel's aws: function needs nothing else
            role.addToPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("secretsmanager:GetSecretValue"))
                    .resources(List.of(s.getSecretArn()))
                    .build());
        }
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
        task.obtainExecutionRole().addManagedPolicy(software.amazon.awscdk.services.iam.ManagedPolicy
                .fromAwsManagedPolicyName("service-role/AmazonECSTaskExecutionRolePolicy"));
        java.util.TreeMap<String, String> env = new java.util.TreeMap<>(common); // sorted: a stable template diff
        env.put("TREANT_ROLES", role);
        var container = task.addContainer(id, ContainerDefinitionOptions.builder()
                .image(image)
                .essential(true)
                .environment(env)
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix(role).build()))
                .healthCheck(HealthCheck.builder()
                        .command(List.of("CMD-SHELL", "curl -fsS http://127.0.0.1:" + MANAGEMENT_PORT + "/observe/health || exit 1"))
                        .interval(Duration.seconds(30))
                        .timeout(Duration.seconds(5))
                        .retries(3)
                        .startPeriod(Duration.seconds(60))
                        .build())
                .build());
        if (http) {
            container.addPortMappings(PortMapping.builder().containerPort(HTTP_PORT).build(),
                    PortMapping.builder().containerPort(MANAGEMENT_PORT).build());
        }
        FargateService.Builder b = FargateService.Builder.create(this, id + "Service")
                .cluster(cluster)
                .taskDefinition(task)
                .desiredCount(count)
                .assignPublicIp(true) // public subnets, no NAT: tasks reach AWS APIs and Discord directly
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .securityGroups(List.of(sg))
                .circuitBreaker(software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker.builder().rollback(true).build());
        if ("voice".equals(role)) {
            // one gateway session per bot token in a voice channel: stop the old task before starting the new
            b.minHealthyPercent(0).maxHealthyPercent(100);
        } else {
            b.minHealthyPercent(100).maxHealthyPercent(200);
        }
        if (http) {
            b.healthCheckGracePeriod(Duration.seconds(90));
        }
        return b.build();
    }

    public static TreantStack create(software.amazon.awscdk.App app) {
        return new TreantStack(app, "Treant", StackProps.builder()
                .description("Treant Discord bot: api, worker and voice on ECS Fargate with SQS, DynamoDB, Secrets Manager, Polly")
                .build());
    }
}
