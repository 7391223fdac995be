package treant.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static treant.deploy.Synthesized.CONSUME;
import static treant.deploy.Synthesized.DEAD_LETTER;
import static treant.deploy.Synthesized.READ_SECRET;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.Role;

/** What both shapes share: queues, table, secrets, the voice service, the HTTP API entry point, IAM rules, cfn-lint. */
class TreantStackTest {

    @ParameterizedTest
    @EnumSource(Shape.class)
    void queuesHaveDeadLetterQueuesAndVisibilityLongerThanAJob(Shape shape) {
        Synthesized s = Synthesized.of(shape);
        Template t = s.template;
        t.resourceCountIs("AWS::SQS::Queue", 4);
        t.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "treant-commands-dlq",
                "MessageRetentionPeriod", 14 * 24 * 3600, "SqsManagedSseEnabled", true));
        t.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "treant-voice-dlq",
                "MessageRetentionPeriod", 14 * 24 * 3600, "SqsManagedSseEnabled", true));
        t.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                "QueueName", "treant-commands",
                "RedrivePolicy", Map.of("deadLetterTargetArn", s.arn(s.stack.commandDlq),
                        "maxReceiveCount", TreantStack.MAX_RECEIVE_COUNT))));
        t.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                "QueueName", "treant-voice",
                "RedrivePolicy", Map.of("deadLetterTargetArn", s.arn(s.stack.voiceDlq),
                        "maxReceiveCount", TreantStack.MAX_RECEIVE_COUNT))));
        assertThat(queueProperty(s, s.stack.commandQueue, "VisibilityTimeout")).isGreaterThan(TreantStack.COMMAND_JOB_WORST_CASE_SECONDS);
        assertThat(queueProperty(s, s.stack.voiceQueue, "VisibilityTimeout")).isGreaterThan(TreantStack.VOICE_JOB_WORST_CASE_SECONDS);
    }

    /** The 5th receive moves a job to its DLQ; a job that expired before that is lost instead. */
    @ParameterizedTest
    @EnumSource(Shape.class)
    void aJobFailingEveryReceiveReachesItsDlqBeforeItExpires(Shape shape) {
        Synthesized s = Synthesized.of(shape);
        for (Object q : List.of(s.stack.commandQueue, s.stack.voiceQueue)) {
            int visibility = queueProperty(s, q, "VisibilityTimeout");
            int retention = queueProperty(s, q, "MessageRetentionPeriod");
            assertThat(retention).isGreaterThan(TreantStack.MAX_RECEIVE_COUNT * visibility)
                    .isGreaterThanOrEqualTo(TreantStack.MIN_RETENTION_SECONDS);
        }
    }

    private static int queueProperty(Synthesized s, Object queue, String name) {
        return ((Number) s.properties("AWS::SQS::Queue", queue).get(name)).intValue();
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void priceHistoryTableHasTypeAndTimestampKeysAndTtl(Shape shape) {
        Template t = Synthesized.of(shape).template;
        t.resourceCountIs("AWS::DynamoDB::Table", 1);
        t.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "TableName", "GoldPriceHistory",
                "KeySchema", List.of(Map.of("AttributeName", "type", "KeyType", "HASH"),
                        Map.of("AttributeName", "timestamp", "KeyType", "RANGE")),
                "AttributeDefinitions", Match.arrayWith(List.of(
                        Map.of("AttributeName", "type", "AttributeType", "S"),
                        Map.of("AttributeName", "timestamp", "AttributeType", "N"))),
                "TimeToLiveSpecification", Map.of("AttributeName", TreantStack.TTL_ATTRIBUTE, "Enabled", true),
                "BillingMode", "PAY_PER_REQUEST")));
        t.hasResource("AWS::DynamoDB::Table", Match.objectLike(Map.of("DeletionPolicy", "Retain")));
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void theFiveSecretsExistWithTheNamesTheAppReads(Shape shape) {
        Template t = Synthesized.of(shape).template;
        t.resourceCountIs("AWS::SecretsManager::Secret", 5);
        for (String name : List.of("treant/discord-public-key", "treant/discord-bot-token", "treant/blizzard", "treant/gemini-api-key",
                "treant/warcraftlogs")) {
            t.hasResource("AWS::SecretsManager::Secret", Match.objectLike(Map.of(
                    "Properties", Match.objectLike(Map.of("Name", name)), "DeletionPolicy", "Retain")));
        }
        for (String client : List.of("treant/blizzard", "treant/warcraftlogs")) {
            t.hasResourceProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of(
                    "Name", client,
                    "GenerateSecretString", Match.objectLike(Map.of("SecretStringTemplate", "{\"client_id\":\"fill-me\"}",
                            "GenerateStringKey", "client_secret")))));
        }
        // the public key's placeholder is 64 lowercase hex, like a real key
        t.hasResourceProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of(
                "Name", "treant/discord-public-key",
                "GenerateSecretString", Match.objectLike(Map.of("PasswordLength", 64, "ExcludeUppercase", true,
                        "ExcludePunctuation", true, "ExcludeCharacters", "ghijklmnopqrstuvwxyz")))));
        // no secret value is written into the template
        assertThat(t.toJSON().toString()).doesNotContain("SecretString\"");
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void voiceIsOneX86FargateTaskOfTheVoiceSizeWithALivenessCheck(Shape shape) {
        Synthesized s = Synthesized.of(shape);
        Map<String, Object> service = s.properties("AWS::ECS::Service", s.stack.voice);
        assertThat(service).containsEntry("LaunchType", "FARGATE")
                .containsEntry("DesiredCount", Map.of("Ref", "TasksPerService"))
                .containsEntry("HealthCheckGracePeriodSeconds", TreantStack.SERVICE_GRACE_PERIOD_SECONDS)
                .doesNotContainKeys("LoadBalancers", "ServiceRegistries");
        // never two gateway sessions of the bot at once during a deployment
        assertThat(service.get("DeploymentConfiguration").toString()).contains("MaximumPercent=100", "MinimumHealthyPercent=0");
        // outbound through its own public IP: no NAT gateway, and its security group admits nothing
        assertThat(service.get("NetworkConfiguration").toString()).contains("AssignPublicIp=ENABLED");
        s.template.resourceCountIs("AWS::EC2::NatGateway", 0);
        s.template.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "Cpu", String.valueOf(TreantStack.VOICE_CPU),
                "Memory", String.valueOf(TreantStack.VOICE_MEMORY_MIB),
                "RuntimePlatform", Map.of("CpuArchitecture", "X86_64", "OperatingSystemFamily", "LINUX"),
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "Environment", Match.arrayWith(List.of(Map.of("Name", "TREANT_ROLES", "Value", "voice"))),
                        "PortMappings", Match.absent(),
                        "HealthCheck", livenessCheck()))))));
        assertThat(TreantStack.SERVICE_GRACE_PERIOD_SECONDS).isGreaterThan(TreantStack.CONTAINER_START_PERIOD_SECONDS);
    }

    static Object livenessCheck() {
        return Match.objectLike(Map.of(
                "Command", List.of("CMD-SHELL", "curl -fsS http://127.0.0.1:8081/observe/health/live || exit 1"),
                "StartPeriod", TreantStack.CONTAINER_START_PERIOD_SECONDS));
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void voiceMayOnlyConsumeItsQueueDeadLetterItsFailuresCallPollyAndReadTheToken(Shape shape) {
        Synthesized s = Synthesized.of(shape);
        TreantStack st = s.stack;
        assertThat(s.permissionsOf(st.voiceRole)).isEqualTo(Synthesized.permissions(
                s.arn(st.voiceQueue), CONSUME,
                s.arn(st.voiceDlq), DEAD_LETTER,
                "*", List.of("polly:SynthesizeSpeech"),
                s.ref(st.discordToken), READ_SECRET));
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    @SuppressWarnings("unchecked")
    void noPolicyHasAWildcardActionOrListQueuesAndNoAppRoleHasAManagedPolicy(Shape shape) {
        Synthesized s = Synthesized.of(shape);
        List<String> actions = new ArrayList<>();
        for (Map<String, Object> policy : s.template.findResources("AWS::IAM::Policy").values()) {
            Map<String, Object> doc = (Map<String, Object>) ((Map<String, Object>) policy.get("Properties")).get("PolicyDocument");
            for (Object st : (List<Object>) doc.get("Statement")) {
                Object a = ((Map<String, Object>) st).get("Action");
                actions.addAll(a instanceof List<?> l ? (List<String>) l : List.of((String) a));
            }
        }
        assertThat(actions).isNotEmpty().noneMatch(a -> a.contains("*")).doesNotContain("sqs:ListQueues");
        assertThat(s.template.toJSON().toString()).doesNotContain("ListQueues");
        for (Role r : List.of(s.stack.apiRole, s.stack.workerRole, s.stack.voiceRole)) {
            assertThat(s.properties("AWS::IAM::Role", r)).doesNotContainKey("ManagedPolicyArns");
        }
    }

    /** The app is given the queues' owner (GetQueueUrl, never ListQueues), the table and the secret names. */
    @ParameterizedTest
    @EnumSource(Shape.class)
    void everyRoleIsGivenTheQueueOwnerTableAndSecretNames(Shape shape) {
        Synthesized s = Synthesized.of(shape);
        TreantStack st = s.stack;
        List<Map<String, Object>> vars = List.of(
                Map.of("Name", "TREANT_AWS_ACCOUNT_ID", "Value", Map.of("Ref", "AWS::AccountId")),
                Map.of("Name", "TREANT_SQS_COMMAND_QUEUE", "Value", Map.of("Fn::GetAtt", List.of(s.logicalId(st.commandQueue), "QueueName"))),
                Map.of("Name", "TREANT_STORE", "Value", "dynamodb"),
                Map.of("Name", "TREANT_DYNAMODB_TABLE", "Value", s.ref(st.table)),
                Map.of("Name", "TREANT_SECRETS_SOURCE", "Value", "aws"),
                Map.of("Name", "TREANT_SECRETS_DISCORD_PUBLIC_KEY", "Value", "treant/discord-public-key"),
                Map.of("Name", "TREANT_SECRETS_DISCORD_TOKEN", "Value", "treant/discord-bot-token"),
                Map.of("Name", "TREANT_SECRETS_BLIZZARD", "Value", "treant/blizzard"),
                Map.of("Name", "TREANT_SECRETS_GEMINI_API_KEY", "Value", "treant/gemini-api-key"),
                Map.of("Name", "TREANT_SECRETS_WARCRAFTLOGS", "Value", "treant/warcraftlogs"),
                Map.of("Name", "TREANT_WARCRAFTLOGS_GUILD", "Value", Map.of("Ref", "WarcraftLogsGuild")),
                Map.of("Name", "TREANT_WARCRAFTLOGS_CHANNEL_ID", "Value", Map.of("Ref", "RecapChannelId")));
        // in the order of the (sorted) environment, as arrayWith wants
        List<Object> expected = vars.stream().sorted(java.util.Comparator.comparing(v -> (String) v.get("Name")))
                .map(v -> (Object) v).toList();
        int tasks = shape == Shape.SERVERLESS ? 1 : 3;
        s.template.resourcePropertiesCountIs("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "ContainerDefinitions", List.of(Match.objectLike(Map.of("Environment", Match.arrayWith(expected)))))), tasks);
        s.template.resourceCountIs("AWS::ECS::TaskDefinition", tasks);
        if (shape == Shape.SERVERLESS) {
            Map<String, Object> byName = new java.util.HashMap<>();
            vars.forEach(v -> byName.put((String) v.get("Name"), v.get("Value")));
            s.template.resourcePropertiesCountIs("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "Environment", Map.of("Variables", Match.objectLike(byName)))), 2);
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void discordCallsTheHttpApisOwnUrlOnPostInteractionsOnlyWithNoDomainOrCertificate(Shape shape) {
        Synthesized s = Synthesized.of(shape);
        Template t = s.template;
        t.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
        t.hasResourceProperties("AWS::ApiGatewayV2::Api", Match.objectLike(Map.of("ProtocolType", "HTTP")));
        t.resourceCountIs("AWS::ApiGatewayV2::Route", 1);
        t.hasResourceProperties("AWS::ApiGatewayV2::Route", Match.objectLike(Map.of("RouteKey", "POST /interactions")));
        t.hasResourceProperties("AWS::ApiGatewayV2::Stage", Match.objectLike(Map.of("StageName", "$default", "AutoDeploy", true)));
        t.hasOutput("InteractionsEndpointUrl", Match.objectLike(Map.of("Value", Map.of("Fn::Join", List.of("", List.of(
                Map.of("Fn::GetAtt", List.of(s.logicalId(s.stack.httpApi), "ApiEndpoint")), "/interactions"))))));
        t.resourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 0);
        t.resourceCountIs("AWS::CertificateManager::Certificate", 0);
        t.resourceCountIs("AWS::ApiGatewayV2::DomainName", 0);
        assertThat(t.findParameters("*").keySet()).containsExactlyInAnyOrder(
                "ContainerImage", "DiscordApplicationId", "TasksPerService", "WarcraftLogsGuild", "RecapChannelId", "BootstrapVersion");
        t.hasResourceProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of("LogGroupName", "/treant", "RetentionInDays", 30)));
    }

    @Test
    void anUnknownShapeIsRefusedWithTheNamesOfBoth() {
        App app = App.Builder.create().context(Map.of(TreantStack.SHAPE_CONTEXT, "lambda")).build();
        assertThatThrownBy(() -> TreantStack.create(app))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-c shape=serverless").hasMessageContaining("-c shape=always-on");
        assertThat(Shape.of(null)).isEqualTo(Shape.SERVERLESS);
        assertThat(Shape.of("always-on")).isEqualTo(Shape.ALWAYS_ON);
    }

    /** The public endpoint: past the rate and burst API Gateway answers 429, before any function or task runs. */
    @ParameterizedTest
    @EnumSource(Shape.class)
    void theHttpApisDefaultStageIsThrottled(Shape shape) {
        Synthesized s = Synthesized.of(shape);
        s.template.resourceCountIs("AWS::ApiGatewayV2::Stage", 1);
        s.template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
                "ApiId", s.ref(s.stack.httpApi),
                "StageName", "$default",
                "AutoDeploy", true,
                "DefaultRouteSettings", Map.of("ThrottlingRateLimit", TreantStack.DEFAULT_RATE_LIMIT,
                        "ThrottlingBurstLimit", TreantStack.DEFAULT_BURST_LIMIT)));
    }

    @Test
    void aLimitThatIsNotAPositiveNumberIsRefusedByName() {
        for (var bad : List.of(Map.of(TreantStack.RATE_LIMIT_CONTEXT, "0"), Map.of(TreantStack.BURST_LIMIT_CONTEXT, "off"),
                Map.of(TreantStack.WORKER_CONCURRENCY_CONTEXT, "1"), Map.of(TreantStack.API_CONCURRENCY_CONTEXT, "ten"))) {
            App app = App.Builder.create().context(bad).build();
            assertThatThrownBy(() -> TreantStack.create(app)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-c " + bad.keySet().iterator().next() + "=");
        }
    }

    @Test
    void theServerlessShapeSaysHowToBuildAMissingJar() {
        App app = App.Builder.create().context(Map.of(TreantStack.JAR_CONTEXT, "target/no-such/treant.jar")).build();
        assertThatThrownBy(() -> TreantStack.create(app))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mvn -B package");
    }

    /** AWS's cfn-lint (Python, `pip install cfn-lint`); the npm package of that name is an unrelated, stale validator. */
    @ParameterizedTest
    @EnumSource(Shape.class)
    void templatePassesCfnLint(Shape shape) throws Exception {
        Path templateFile = Synthesized.of(shape).templateFile;
        assertThat(templateFile).exists();
        String cfnLint = findOnPath("cfn-lint");
        Assumptions.assumeTrue(cfnLint != null,
                "SKIPPED LOUDLY: cfn-lint is not installed (pip install cfn-lint); template not linted");
        Process p = new ProcessBuilder(cfnLint, "--format", "parseable", templateFile.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        Files.writeString(Path.of("target/cfn-lint-" + shape.contextValue + ".txt"), output);
        // exit codes: 0 clean, 4 warnings only, 8 informational; 2 = errors
        assertThat(p.exitValue() & 2).as("cfn-lint errors:%n%s", output).isZero();
    }

    private static String findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }
}
