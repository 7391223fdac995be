package treant.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.sqs.Queue;

/** The synthesized CloudFormation: resources, queue/table shapes, and each role's IAM statements. */
class TreantStackTest {

    static TreantStack stack;
    static Template template;
    static Path templateFile;

    @BeforeAll
    static void synth() {
        App app = App.Builder.create().outdir("target/cdk.out").build();
        stack = TreantStack.create(app);
        template = Template.fromStack(stack);
        app.synth();
        templateFile = Path.of("target/cdk.out/Treant.template.json");
    }

    private static String logicalId(Object construct) {
        var node = ((software.constructs.IConstruct) construct).getNode();
        return stack.getLogicalId((CfnElement) node.getDefaultChild());
    }

    private static Map<String, Object> getAttArn(Object construct) {
        return Map.of("Fn::GetAtt", List.of(logicalId(construct), "Arn"));
    }

    @Test
    void queuesHaveDeadLetterQueuesAndVisibilityLongerThanAJob() {
        template.resourceCountIs("AWS::SQS::Queue", 4);
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "treant-commands-dlq"));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "treant-voice-dlq"));
        template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                "QueueName", "treant-commands",
                "RedrivePolicy", Map.of("deadLetterTargetArn", getAttArn(stack.commandDlq),
                        "maxReceiveCount", TreantStack.MAX_RECEIVE_COUNT))));
        template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                "QueueName", "treant-voice",
                "RedrivePolicy", Map.of("deadLetterTargetArn", getAttArn(stack.voiceDlq),
                        "maxReceiveCount", TreantStack.MAX_RECEIVE_COUNT))));

        Map<String, Map<String, Object>> queues = template.findResources("AWS::SQS::Queue");
        int commandVisibility = visibility(queues, logicalId(stack.commandQueue));
        int voiceVisibility = visibility(queues, logicalId(stack.voiceQueue));
        assertThat(commandVisibility).isGreaterThan(TreantStack.COMMAND_JOB_WORST_CASE_SECONDS);
        assertThat(voiceVisibility).isGreaterThan(TreantStack.VOICE_JOB_WORST_CASE_SECONDS);
    }

    @SuppressWarnings("unchecked")
    private static int visibility(Map<String, Map<String, Object>> queues, String id) {
        Map<String, Object> props = (Map<String, Object>) queues.get(id).get("Properties");
        return ((Number) props.get("VisibilityTimeout")).intValue();
    }

    @Test
    void priceHistoryTableHasTypeAndTimestampKeysAndTtl() {
        template.resourceCountIs("AWS::DynamoDB::Table", 1);
        template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "TableName", "GoldPriceHistory",
                "KeySchema", List.of(Map.of("AttributeName", "type", "KeyType", "HASH"),
                        Map.of("AttributeName", "timestamp", "KeyType", "RANGE")),
                "AttributeDefinitions", Match.arrayWith(List.of(
                        Map.of("AttributeName", "type", "AttributeType", "S"),
                        Map.of("AttributeName", "timestamp", "AttributeType", "N"))),
                "TimeToLiveSpecification", Map.of("AttributeName", TreantStack.TTL_ATTRIBUTE, "Enabled", true),
                "BillingMode", "PAY_PER_REQUEST")));
    }

    @Test
    void theFourSecretsExistWithTheNamesTheAppReads() {
        template.resourceCountIs("AWS::SecretsManager::Secret", 4);
        for (String name : List.of("treant/discord-public-key", "treant/discord-bot-token", "treant/blizzard", "treant/gemini-api-key")) {
            template.hasResourceProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of("Name", name)));
        }
        template.hasResourceProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of(
                "Name", "treant/blizzard",
                "GenerateSecretString", Match.objectLike(Map.of("GenerateStringKey", "client_secret")))));
        // no secret value is written into the template
        assertThat(template.toJSON().toString()).doesNotContain("SecretString\"");
    }

    @Test
    void oneAlwaysOnFargateServicePerRole() {
        template.resourceCountIs("AWS::ECS::Service", 3);
        template.allResourcesProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "LaunchType", "FARGATE", "DesiredCount", Map.of("Ref", "TasksPerService"))));
        template.hasParameter("TasksPerService", Match.objectLike(Map.of("Type", "Number", "Default", 1,
                "MinValue", 0, "MaxValue", 1)));
        // voice: never two gateway sessions of the bot at once during a deployment
        template.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "ServiceName", Match.absent(),
                "DeploymentConfiguration", Match.objectLike(Map.of("MaximumPercent", 100, "MinimumHealthyPercent", 0)))));
        for (String role : List.of("api", "worker", "voice")) {
            template.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                    "RequiresCompatibilities", List.of("FARGATE"),
                    "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                            "Environment", Match.arrayWith(List.of(
                                    Map.of("Name", "TREANT_ROLES", "Value", role),
                                    Map.of("Name", "TREANT_SECRETS_SOURCE", "Value", "aws"))),
                            "HealthCheck", Match.objectLike(Map.of("Command", Match.arrayWith(List.of(
                                    Match.stringLikeRegexp(".*/observe/health.*"))))),
                            "LogConfiguration", Match.objectLike(Map.of("LogDriver", "awslogs"))))))));
        }
        // the execution roles (not the task roles) may pull from private ECR
        template.resourcePropertiesCountIs("AWS::IAM::Role", Match.objectLike(Map.of("ManagedPolicyArns",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of(
                        ":iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")))))))))), 3);
        template.hasResourceProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of("RetentionInDays", 30)));
    }

    @Test
    void httpsEntryPointForwardsOnlyInteractionsToTheApi() {
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Match.objectLike(Map.of("Scheme", "internet-facing")));
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.objectLike(Map.of(
                "Port", 443, "Protocol", "HTTPS",
                "Certificates", List.of(Map.of("CertificateArn", Map.of("Ref", "CertificateArn"))),
                "DefaultActions", List.of(Match.objectLike(Map.of("Type", "fixed-response"))))));
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.objectLike(Map.of(
                "Port", 80, "DefaultActions", List.of(Match.objectLike(Map.of("Type", "redirect"))))));
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", Match.objectLike(Map.of(
                "Conditions", List.of(Map.of("Field", "path-pattern",
                        "PathPatternConfig", Map.of("Values", List.of("/interactions")))))));
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.objectLike(Map.of(
                "Port", TreantStack.HTTP_PORT,
                "HealthCheckPath", "/observe/health",
                "HealthCheckPort", String.valueOf(TreantStack.MANAGEMENT_PORT))));
        template.hasParameter("CertificateArn", Match.objectLike(Map.of("Type", "String")));
    }

    // ---- IAM: what each role's task role may do, and on what

    record Statement(Set<String> actions, List<Object> resources) {
    }

    @SuppressWarnings("unchecked")
    private static List<Statement> statementsOf(Role role) {
        Map<String, Object> ref = Map.of("Ref", logicalId(role));
        List<Statement> result = new ArrayList<>();
        for (Map<String, Object> policy : template.findResources("AWS::IAM::Policy").values()) {
            Map<String, Object> props = (Map<String, Object>) policy.get("Properties");
            if (!((List<Object>) props.get("Roles")).contains(ref)) {
                continue;
            }
            for (Object s : (List<Object>) ((Map<String, Object>) props.get("PolicyDocument")).get("Statement")) {
                Map<String, Object> st = (Map<String, Object>) s;
                assertThat(st.get("Effect")).isEqualTo("Allow");
                Object a = st.get("Action");
                Set<String> actions = new HashSet<>(a instanceof List<?> l ? (List<String>) l : List.of((String) a));
                Object r = st.get("Resource");
                result.add(new Statement(actions, r instanceof List<?> l ? (List<Object>) l : List.of(r)));
            }
        }
        return result;
    }

    private static Set<String> actionsOf(Role role) {
        Set<String> all = new HashSet<>();
        statementsOf(role).forEach(s -> all.addAll(s.actions()));
        return all;
    }

    private static Set<String> actionsOn(Role role, Object resource) {
        Set<String> all = new HashSet<>();
        statementsOf(role).stream().filter(s -> s.resources().contains(resource)).forEach(s -> all.addAll(s.actions()));
        return all;
    }

    private static Object secretRef(Object secret) {
        return Map.of("Ref", logicalId(secret));
    }

    @Test
    void apiMayOnlySendToTheQueuesAndReadThePublicKey() {
        assertThat(actionsOf(stack.apiRole)).containsExactlyInAnyOrder(
                "sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes", "secretsmanager:GetSecretValue");
        assertThat(actionsOn(stack.apiRole, getAttArn(stack.commandQueue))).contains("sqs:SendMessage");
        assertThat(actionsOn(stack.apiRole, getAttArn(stack.voiceQueue))).contains("sqs:SendMessage");
        assertThat(actionsOn(stack.apiRole, secretRef(stack.discordPublicKey))).containsExactly("secretsmanager:GetSecretValue");
        assertThat(secretsReadBy(stack.apiRole)).containsExactly(secretRef(stack.discordPublicKey));
    }

    @Test
    void workerConsumesCommandsSendsVoiceAndUsesOnlyItsTable() {
        Queue cq = stack.commandQueue;
        assertThat(actionsOn(stack.workerRole, getAttArn(cq))).contains(
                "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility").doesNotContain("sqs:SendMessage");
        assertThat(actionsOn(stack.workerRole, getAttArn(stack.voiceQueue))).contains("sqs:SendMessage")
                .doesNotContain("sqs:ReceiveMessage");
        assertThat(actionsOn(stack.workerRole, getAttArn(stack.table))).containsExactlyInAnyOrder(
                "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:DescribeTable");
        assertThat(actionsOf(stack.workerRole)).noneMatch(a -> a.equals("dynamodb:Scan") || a.equals("dynamodb:CreateTable")
                || a.equals("dynamodb:DeleteTable"));
        assertThat(actionsOf(stack.workerRole)).noneMatch(a -> a.startsWith("polly:") || a.endsWith("*"));
        assertThat(secretsReadBy(stack.workerRole)).containsExactlyInAnyOrder(secretRef(stack.blizzard), secretRef(stack.geminiApiKey));
    }

    @Test
    void voiceMayOnlyConsumeItsQueueAndCallPolly() {
        assertThat(actionsOf(stack.voiceRole)).containsExactlyInAnyOrder(
                "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl",
                "sqs:GetQueueAttributes", "sqs:SendMessage", "polly:SynthesizeSpeech", "secretsmanager:GetSecretValue");
        assertThat(actionsOn(stack.voiceRole, getAttArn(stack.voiceQueue))).contains("sqs:ReceiveMessage")
                .doesNotContain("sqs:SendMessage");
        // the one send it may do: its own failures to its own dead-letter queue
        assertThat(statementsOf(stack.voiceRole).stream().filter(s -> s.actions().contains("sqs:SendMessage"))
                .flatMap(s -> s.resources().stream())).containsExactly(getAttArn(stack.voiceDlq));
        assertThat(actionsOn(stack.voiceRole, "*")).containsExactly("polly:SynthesizeSpeech");
        assertThat(statementsOf(stack.voiceRole).stream().flatMap(s -> s.resources().stream()))
                .doesNotContain(getAttArn(stack.commandQueue), getAttArn(stack.table));
        assertThat(secretsReadBy(stack.voiceRole)).containsExactly(secretRef(stack.discordToken));
    }

    @Test
    @SuppressWarnings("unchecked")
    void noTaskRoleHasWildcardActionsOrManagedPolicies() {
        Map<String, Map<String, Object>> roles = template.findResources("AWS::IAM::Role");
        for (Role r : List.of(stack.apiRole, stack.workerRole, stack.voiceRole)) {
            assertThat(actionsOf(r)).noneMatch(a -> a.contains("*"));
            Map<String, Object> props = (Map<String, Object>) roles.get(logicalId(r)).get("Properties");
            assertThat(props).doesNotContainKey("ManagedPolicyArns");
        }
    }

    private static List<Object> secretsReadBy(Role role) {
        return statementsOf(role).stream().filter(s -> s.actions().contains("secretsmanager:GetSecretValue"))
                .flatMap(s -> s.resources().stream()).toList();
    }

    /** AWS's cfn-lint (Python, `pip install cfn-lint`); the npm package of that name is an unrelated, stale validator. */
    @Test
    void templatePassesCfnLint() throws Exception {
        assertThat(templateFile).exists();
        String cfnLint = findOnPath("cfn-lint");
        Assumptions.assumeTrue(cfnLint != null,
                "SKIPPED LOUDLY: cfn-lint is not installed (pip install cfn-lint); template not linted");
        Process p = new ProcessBuilder(cfnLint, "--format", "parseable", templateFile.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        // exit codes: 0 clean, 4 warnings only, 8 informational; 2 = errors
        assertThat(p.exitValue() & 2).as("cfn-lint errors:%n%s", output).isZero();
        Files.writeString(Path.of("target/cfn-lint.txt"), output);
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
