package treant.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The IAM contract test: every Treant role starts and does one job of each kind holding exactly the
 * IAM policies the synthesized template gives it, on an AWS whose IAM refuses everything else.
 * ElasticMQ and dynalite check no permissions, so this is the only test that would catch a call the
 * deployment does not allow (as {@code sqs:ListQueues} and {@code dynamodb:GetItem} once were).
 *
 * <p>AWS is moto ({@link MotoServer}): the always-on template's queues, table and secrets are created
 * from their template properties, then each task role becomes an IAM user holding that role's policy
 * documents taken from the template, intrinsic functions resolved to the moto resources
 * ({@link StackInMoto}); then moto enforces IAM, checking action and resource ARN of every call.
 * Each role is the application's jar ({@code java -jar ../target/treant.jar}, as the container runs
 * it) with its task definition's environment from the template, that user's access key, endpoint
 * overrides to moto, and the outside services (Discord REST, Battle.net, Gemini, the marketplace) on
 * WireMock serving the application's fixtures. The voice role writes what it would play to WAV files
 * ({@code treant.voice.gateway=wav} in place of the JDA gateway, which needs Discord): Polly is moto's
 * {@code SynthesizeSpeech}, so {@code polly:SynthesizeSpeech} is checked too.
 *
 * <p>Jobs: a pun and a speak interaction (voice queue), a gold, a judge and a recap interaction (command
 * queue), the automatic recap's poll (its claims in the table, its posts with the bot token read from
 * Secrets Manager) and a realm autocomplete (the api reads the table), signed with Ed25519 as Discord signs them, into the api; the worker answers gold and judge
 * with their edits (claims and the price in DynamoDB, the gold summary to the voice queue); voice
 * speaks the three voice jobs. Then the paths that are not the happy one but run on AWS all the
 * same: the gold job delivered a second time (SQS is at-least-once: the claim is found taken and the
 * job done), a gold job the marketplace cannot price (retries, the claim released, the error edit)
 * and an unreadable voice job (moved to the voice dead-letter queue). A refused call fails the test
 * naming the principal, the action and the resource (moto reports each refusal), whether or not the
 * app's own error handling hides it; and each role must have been seen making its main calls
 * ({@link #EXERCISED}), so the test cannot pass on a path that skipped them.
 *
 * <p>Not covered: the ECS task execution roles (image pull and log writing are done by ECS, not by
 * the app), and what no job here needs (GetQueueAttributes;
 * the test prints, per role, the granted actions it did not see used).
 *
 * <p>The serverless shape's function roles are not run separately: they are the same roles with one
 * more statement, their own log group (written by Lambda, not by the app), which
 * {@link #theServerlessFunctionRolesGrantWhatTheTaskRolesGrantPlusTheirOwnLogs} asserts; the voice
 * role is the same task role in both shapes.
 *
 * <p>Why in deploy/ rather than in the application's tests: the template is synthesized in this JVM,
 * so no policy is copied or retyped, and the application is run as the deployment runs it, from its
 * packaged jar, which {@code bin/test} builds (the application's {@code mvn verify}) before it runs
 * these tests. A missing jar or a python3 without moto fails the test with what to do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IamContractTest {

    static final Path FIXTURES = Path.of("../src/test/resources/fixtures");
    static final Path WORK = Path.of("target/iam-contract");
    /** The fixtures' Discord application. */
    static final String APPLICATION_ID = "1318000000000000001";
    static final String OFFER_PATH = "/offer/G1744089054578IF";
    static final String EDIT_PATH = "/discord/api/v10/webhooks/" + APPLICATION_ID + "/.*/messages/@original";
    static final String WCL_API_PATH = "/warcraftlogs/api/v2/client";
    static final String CHANNEL_POST_PATH = "/discord/api/v10/channels/1200000000000000060/messages";
    /** The probe: a user with the api role's policies, used only to show that moto refuses what they do not grant. */
    static final String PROBE = "iam-contract-probe";
    static final Duration READY = Duration.ofSeconds(90);
    static final Duration JOBS = Duration.ofSeconds(60);
    /** What each role must have been seen doing. */
    static final Map<String, List<String>> EXERCISED = Map.of(
            "api", List.of("secretsmanager:GetSecretValue", "sqs:GetQueueUrl", "sqs:SendMessage", "dynamodb:GetItem",
                    "dynamodb:UpdateItem"),
            "worker", List.of("secretsmanager:GetSecretValue", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:DeleteMessage",
                    "sqs:SendMessage", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                    "dynamodb:Query", "sqs:ChangeMessageVisibility"),
            "voice", List.of("secretsmanager:GetSecretValue", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:DeleteMessage",
                    "sqs:SendMessage", "polly:SynthesizeSpeech"));
    /** Discord's message flag: only the user sees it (Treant's error answers). */
    static final int EPHEMERAL = 64;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Synthesized alwaysOn = Synthesized.of(Shape.ALWAYS_ON);
    private final List<AutoCloseable> closeLast = new ArrayList<>();
    private MotoServer moto;
    private StackInMoto stack;
    private WireMockServer outside;
    private KeyPair discordKey;
    /** Treant role (api, worker, voice) → its task role's logical id in the template, which is also its IAM user's name. */
    private final Map<String, String> roleIds = new LinkedHashMap<>();
    private final Map<String, AccessKey> keys = new LinkedHashMap<>();
    private SqsClient adminSqs;
    private DynamoDbClient adminDynamoDb;

    @BeforeAll
    void createTheAccountAndItsPrincipals() throws Exception {
        TreantProcess.requireJar();
        deleteRecursively(WORK);
        moto = MotoServer.start(WORK.resolve("moto.log"));
        closeLast.add(moto);

        discordKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] x509 = discordKey.getPublic().getEncoded(); // the raw 32-byte key is the end of its X.509 form
        String publicKeyHex = HexFormat.of().formatHex(Arrays.copyOfRange(x509, x509.length - 32, x509.length));

        TreantStack s = alwaysOn.stack;
        roleIds.put("api", alwaysOn.logicalId(s.apiRole));
        roleIds.put("worker", alwaysOn.logicalId(s.workerRole));
        roleIds.put("voice", alwaysOn.logicalId(s.voiceRole));

        // the set-up runs before moto checks anyone
        AwsCredentialsProvider setup = credentials("setup", "setup");
        try (SqsClient sqs = client(SqsClient.builder(), setup);
             DynamoDbClient ddb = client(DynamoDbClient.builder(), setup);
             SecretsManagerClient secrets = client(SecretsManagerClient.builder(), setup);
             IamClient iam = client(IamClient.builder(), setup)) {
            stack = new StackInMoto(alwaysOn.template.toJSON(), Map.of("DiscordApplicationId", APPLICATION_ID,
                    "WarcraftLogsGuild", "Grove Wardens, dreamscythe, us", "RecapChannelId", "1200000000000000060"));
            stack.createDataResources(sqs, ddb, secrets, Map.of(
                    TreantStack.SECRET_PUBLIC_KEY, publicKeyHex,
                    TreantStack.SECRET_BOT_TOKEN, "iam-contract-bot-token",
                    TreantStack.SECRET_BLIZZARD, "{\"client_id\":\"iam-contract-client\",\"client_secret\":\"iam-contract-secret\"}",
                    TreantStack.SECRET_GEMINI_API_KEY, "iam-contract-gemini-key",
                    TreantStack.SECRET_WARCRAFTLOGS, "{\"client_id\":\"iam-contract-wcl\",\"client_secret\":\"iam-contract-wcl-secret\"}"));
            roleIds.forEach((role, id) -> keys.put(role, stack.principalFor(iam, id, id)));
            keys.put(PROBE, stack.principalFor(iam, PROBE, roleIds.get("api")));
            iam.createUser(b -> b.userName("iam-contract-admin"));
            iam.putUserPolicy(b -> b.userName("iam-contract-admin").policyName("everything")
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"));
            keys.put("admin", iam.createAccessKey(b -> b.userName("iam-contract-admin")).accessKey());
        }
        moto.enforceIam();
        adminSqs = client(SqsClient.builder(), credentials(keys.get("admin")));
        adminDynamoDb = client(DynamoDbClient.builder(), credentials(keys.get("admin")));

        outside = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        outside.start();
        closeLast.add(outside::stop);
        stubOutsideServices();
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : List.of(adminSqs, adminDynamoDb)) {
            if (c != null) {
                c.close();
            }
        }
        for (AutoCloseable c : closeLast.reversed()) {
            c.close();
        }
    }

    /** Without this the contract test could pass on a moto that checks nothing. */
    @Test
    void motoRefusesWhatAPrincipalsPoliciesDoNotGrantNamingTheAction() throws Exception {
        String commands = stack.resolve(alwaysOn.ref(alwaysOn.stack.commandQueue)).toString();
        String commandDlq = stack.resolve(alwaysOn.ref(alwaysOn.stack.commandDlq)).toString();
        try (SqsClient probe = client(SqsClient.builder(), credentials(keys.get(PROBE)));
             DynamoDbClient probeDb = client(DynamoDbClient.builder(), credentials(keys.get(PROBE)))) {
            // granted: GetQueueUrl and SendMessage on the command queue
            assertThat(probe.getQueueUrl(b -> b.queueName("treant-commands").queueOwnerAWSAccountId(MotoServer.ACCOUNT)).queueUrl())
                    .isEqualTo(commands);
            // the same action on another queue: the resource is checked
            assertRefused(() -> probe.sendMessage(b -> b.queueUrl(commandDlq).messageBody("{}")),
                    "sqs:SendMessage (resource " + stack.resolve(alwaysOn.arn(alwaysOn.stack.commandDlq)) + ")");
            // an action granted to no role
            assertRefused(probe::listQueues, "sqs:ListQueues (resource *)");
            // the api reads the table (autocomplete's lists) and updates voice allowances, nothing more: no put,
            // no delete (the action is checked)
            assertRefused(() -> probeDb.putItem(b -> b.tableName(TreantStack.TABLE_NAME).item(Map.of(
                            "type", AttributeValue.fromS("directory#realms"), "timestamp", AttributeValue.fromN("0")))),
                    "dynamodb:PutItem (resource " + stack.resolve(alwaysOn.arn(alwaysOn.stack.table)) + ")");
            assertRefused(() -> probeDb.deleteItem(b -> b.tableName(TreantStack.TABLE_NAME).key(Map.of(
                            "type", AttributeValue.fromS("job"), "timestamp", AttributeValue.fromN("1318000000000000201")))),
                    "dynamodb:DeleteItem (resource " + stack.resolve(alwaysOn.arn(alwaysOn.stack.table)) + ")");
        }
    }

    /** The call gets 403, and moto's report names the probe and the action (the SDK cannot read moto's XML error). */
    private void assertRefused(Runnable call, String actionAndResource) throws InterruptedException {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        String expected = "AccessDenied: User: arn:aws:iam::" + MotoServer.ACCOUNT + ":user/" + PROBE
                + " is not authorized to perform: " + actionAndResource;
        assertThat(moto.awaitRefusal(expected::equals, Duration.ofSeconds(5))).as(expected + " in " + moto.refusals()).isTrue();
    }

    @Test
    void everyRoleStartsAndDoesOneJobOfEachKindWithOnlyTheTemplatesGrants() throws Exception {
        Path wavDir = WORK.resolve("voice-wav").toAbsolutePath();
        int apiPort = TreantProcess.freePort();
        Map<String, TreantProcess> running = new LinkedHashMap<>();
        try {
            start(running, List.of("api"), apiPort, wavDir);

            JsonNode pun = fixture("discord/pun.json");
            JsonNode speak = fixture("discord/speak.json");
            ObjectNode gold = (ObjectNode) fixture("discord/gold.json");
            JsonNode judge = fixture("discord/judge.json");
            JsonNode recap = fixture("discord/recap.json");
            Map<String, JsonNode> answers = new LinkedHashMap<>();
            for (JsonNode interaction : List.of(pun, speak, gold, judge, recap)) {
                answers.put(interaction.at("/data/options/0/name").asText(), answer(apiPort, interaction));
            }
            readAllRefusalsSoFar();
            assertNoRoleWasRefused("the api's answers");
            // pun and speak: a message now, not the ephemeral "could not take that command"
            assertThat(answers.get("pun").get("type").asInt()).isEqualTo(4);
            assertThat(answers.get("pun").at("/data/flags").asInt() & EPHEMERAL).as("pun " + answers.get("pun")).isZero();
            assertThat(answers.get("speak").get("type").asInt()).isEqualTo(4);
            assertThat(answers.get("speak").at("/data/flags").asInt() & EPHEMERAL).as("speak " + answers.get("speak")).isZero();
            // gold and judge: deferred ("thinking…"), the job on the command queue
            assertThat(answers.get("gold").get("type").asInt()).as("gold " + answers.get("gold")).isEqualTo(5);
            assertThat(answers.get("judge").get("type").asInt()).as("judge " + answers.get("judge")).isEqualTo(5);
            assertThat(answers.get("recap").get("type").asInt()).as("recap " + answers.get("recap")).isEqualTo(5);
            // realm autocomplete: the api reads the directory from the table (GetItem), then answers type 8
            JsonNode realms = answer(apiPort, fixture("discord/judge-autocomplete-realm.json"));
            assertThat(realms.get("type").asInt()).as("autocomplete " + realms).isEqualTo(8);
            readAllRefusalsSoFar();
            assertNoRoleWasRefused("the api's autocomplete");
            // a copy of the gold job as the api wrote it, to deliver it twice later (SQS is at-least-once)
            String goldJob = peekCommandJob(gold);

            start(running, List.of("worker", "voice"), apiPort, wavDir);
            await("the worker's edits of the gold, judge and recap answers", running,
                    () -> !edits(gold).isEmpty() && !edits(judge).isEmpty() && !edits(recap).isEmpty());
            assertThat(edits(recap).getFirst().getBodyAsString()).contains("Kara Tuesday").doesNotContain("went wrong");
            // the automatic recap: the guild's reports, each posted to the channel once (claims in DynamoDB)
            await("the automatic recaps of the guild's two readable reports", running, () -> channelPosts() == 2);
            // the answers themselves, not the "something went wrong" edit
            assertThat(edits(judge).getFirst().getBodyAsString()).contains("Judgment for Barkskin").doesNotContain("went wrong");
            LoggedRequest goldEdit = edits(gold).getFirst();
            assertThat(goldEdit.getHeader("Content-Type")).startsWith("multipart/");
            assertThat(goldEdit.getBodyAsString()).contains("image/png").doesNotContain("went wrong");
            // pun, speak and the gold summary, synthesized by Polly
            await("three voice jobs played", running, () -> wavFiles(wavDir) >= 3);
            awaitQueuesDrained(running);

            // the second delivery finds the claim taken, asks whether the job is done (GetItem), drops it
            String commands = stack.resolve(alwaysOn.ref(alwaysOn.stack.commandQueue)).toString();
            adminSqs.sendMessage(b -> b.queueUrl(commands).messageBody(goldJob));
            awaitQueuesDrained(running); // counting the messages in flight: drained = deleted
            assertThat(edits(gold)).as("edits of the gold answer").hasSize(1);

            String table = stack.resolve(alwaysOn.ref(alwaysOn.stack.table)).toString();
            for (String code : List.of("a1B2c3D4e5F6g7H8", "Hh7Gg6Ff5Ee4Dd3C")) {
                Map<String, AttributeValue> posted = adminDynamoDb.getItem(b -> b.tableName(table).key(Map.of(
                        "type", AttributeValue.fromS("recap#" + code), "timestamp", AttributeValue.fromN("0")))).item();
                assertThat(posted).as("the recap of " + code).containsEntry("status", AttributeValue.fromS("posted"));
            }
            assertThat(channelPosts()).as("posted once each").isEqualTo(2);
            for (JsonNode job : List.of(gold, judge, recap)) {
                Map<String, AttributeValue> claim = adminDynamoDb.getItem(b -> b.tableName(table).key(Map.of(
                        "type", AttributeValue.fromS("job"), "timestamp", AttributeValue.fromN(job.get("id").asText())))).item();
                assertThat(claim).as("the claim of " + job.get("id").asText()).containsEntry("status", AttributeValue.fromS("done"));
            }
            assertThat(adminDynamoDb.query(b -> b.tableName(table).keyConditionExpression("#t = :g")
                    .expressionAttributeNames(Map.of("#t", "type")).expressionAttributeValues(Map.of(":g", AttributeValue.fromS("gold"))))
                    .count()).as("recorded gold prices").isEqualTo(1);

            // the failure paths: a gold job the marketplace cannot price (retries, then the claim released and
            // the error edit), and an unreadable voice job (the voice role moves it to its dead-letter queue)
            outside.stubFor(get(urlPathEqualTo(OFFER_PATH)).atPriority(1).willReturn(aResponse().withStatus(503)));
            ObjectNode failingGold = gold.deepCopy();
            failingGold.put("id", "1318000000000000299").put("token", "aW50ZXJhY3Rpb246ZmFpbGluZy1nb2xk");
            assertThat(answer(apiPort, failingGold).get("type").asInt()).as("failing gold").isEqualTo(5);
            String voice = stack.resolve(alwaysOn.ref(alwaysOn.stack.voiceQueue)).toString();
            adminSqs.sendMessage(b -> b.queueUrl(voice).messageBody("not a voice job"));
            await("the error edit of the gold job that could not be priced", running, () -> !edits(failingGold).isEmpty());
            assertThat(edits(failingGold).getFirst().getBodyAsString()).contains("went wrong");
            assertThat(adminDynamoDb.getItem(b -> b.tableName(table).key(Map.of("type", AttributeValue.fromS("job"),
                    "timestamp", AttributeValue.fromN(failingGold.get("id").asText())))).hasItem()).as("its claim, released").isFalse();
            await("the unreadable voice job in the voice dead-letter queue", running, () -> messagesIn(alwaysOn.stack.voiceDlq) == 1);

            readAllRefusalsSoFar();
            assertNoRoleWasRefused("the jobs");
            for (String role : roleIds.keySet()) {
                Set<String> actions = moto.allowedCalls(keys.get(role).accessKeyId()).stream()
                        .map(call -> call.substring(0, call.indexOf(' '))).collect(Collectors.toCollection(TreeSet::new));
                Set<String> notSeen = new TreeSet<>(stack.grantedCalls(roleIds.get(role)));
                notSeen.removeAll(moto.allowedCalls(keys.get(role).accessKeyId()));
                System.out.println("IAM contract: " + role + " (" + roleIds.get(role) + ") made " + actions
                        + ", all granted; granted but not seen here: " + notSeen);
                assertThat(actions).as("what the " + role + " was seen to do").containsAll(EXERCISED.get(role));
            }
        } finally {
            for (TreantProcess p : running.values()) {
                p.close();
            }
        }
    }

    /** Starts the roles (each with its task definition's environment and its principal's key) and waits until they are ready. */
    private void start(Map<String, TreantProcess> running, List<String> roles, int apiPort, Path wavDir) throws Exception {
        for (String role : roles) {
            Map<String, String> env = new LinkedHashMap<>(stack.containerEnvironment(roleIds.get(role)));
            assertThat(env).containsEntry("TREANT_ROLES", role);
            env.putAll(localOverrides(apiPort, wavDir));
            env.put("AWS_ACCESS_KEY_ID", keys.get(role).accessKeyId());
            env.put("AWS_SECRET_ACCESS_KEY", keys.get(role).secretAccessKey());
            running.put(role, TreantProcess.start(role, env, WORK.resolve(role + ".log")));
        }
        String during = "the start-up of " + String.join(", ", roles);
        for (String role : roles) {
            try {
                running.get(role).awaitReady(READY, () -> assertNoRoleWasRefused(during));
            } catch (AssertionError notReady) {
                readAllRefusalsSoFar();
                assertNoRoleWasRefused(during); // a refusal is the reason, when there is one
                throw notReady;
            }
        }
        readAllRefusalsSoFar();
        assertNoRoleWasRefused(during);
    }

    /** The body of the interaction's job on the command queue, left there for the worker. */
    private String peekCommandJob(JsonNode interaction) throws Exception {
        String url = stack.resolve(alwaysOn.ref(alwaysOn.stack.commandQueue)).toString();
        String id = "\"interactionId\":\"" + interaction.get("id").asText() + "\"";
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            String found = null;
            for (Message m : adminSqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                adminSqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
                found = m.body().contains(id) ? m.body() : found;
            }
            if (found != null) {
                return found;
            }
        }
        throw new AssertionError("no job of interaction " + interaction.get("id").asText() + " on the command queue");
    }

    private void awaitQueuesDrained(Map<String, TreantProcess> running) throws Exception {
        await("every job queue drained and every dead-letter queue empty", running, () -> Stream.of(
                alwaysOn.stack.commandQueue, alwaysOn.stack.voiceQueue, alwaysOn.stack.commandDlq, alwaysOn.stack.voiceDlq)
                .allMatch(q -> messagesIn(q) == 0));
    }

    /** Why the Lambda shape needs no run of its own. */
    @Test
    void theServerlessFunctionRolesGrantWhatTheTaskRolesGrantPlusTheirOwnLogs() {
        Synthesized serverless = Synthesized.of(Shape.SERVERLESS);
        TreantStack fn = serverless.stack;
        TreantStack task = alwaysOn.stack;
        for (var pair : List.of(List.of(fn.apiRole, task.apiRole, fn.apiFunction), List.of(fn.workerRole, task.workerRole, fn.workerFunction))) {
            var functionRole = (Role) pair.get(0);
            var taskRole = (Role) pair.get(1);
            var function = (software.amazon.awscdk.services.lambda.Function) pair.get(2);
            Map<Object, Set<String>> expected = new LinkedHashMap<>(alwaysOn.permissionsOf(taskRole));
            expected.put(serverless.arn(function.getLogGroup()), Set.copyOf(Synthesized.OWN_LOGS));
            assertThat(serverless.permissionsOf(functionRole)).isEqualTo(expected);
        }
        assertThat(serverless.permissionsOf(fn.voiceRole)).isEqualTo(alwaysOn.permissionsOf(task.voiceRole));
    }

    // ---- the roles' environment beside the template's

    /** Where this machine differs from AWS: endpoints, loopback ports, the outside services, Discord's voice gateway; short polls and retries. */
    private Map<String, String> localOverrides(int apiPort, Path wavDir) throws IOException {
        String wm = outside.baseUrl();
        Map<String, String> env = new LinkedHashMap<>();
        for (String service : List.of("SQS", "DYNAMODB", "SECRETS", "POLLY")) {
            env.put("TREANT_" + service + "_ENDPOINT", moto.endpoint);
        }
        env.put("TREANT_HTTP_HOST", "127.0.0.1");
        env.put("TREANT_HTTP_PORT", Integer.toString(apiPort));
        env.put("TREANT_DISCORD_API_URL", wm + "/discord/api/v10");
        env.put("TREANT_BLIZZARD_OAUTH_URL", wm + "/oauth/token");
        env.put("TREANT_BLIZZARD_API_URL", wm);
        env.put("TREANT_GEMINI_API_URL", wm);
        env.put("TREANT_GOLD_PRICE_URL", wm + OFFER_PATH + "?currency=USD&country=US&include_out_of_stock=1");
        // the WAV stand-in needs no Discord session (whose readiness would wait for a login)
        env.put("TREANT_VOICE_GATEWAY", "wav");
        env.put("TREANT_VOICE_WAV_DIR", wavDir.toString());
        env.put("TREANT_WORKER_CONCURRENT_CONSUMERS", "2");
        // one user sends pun and speak back to back: within the default voice allowance (a burst of 3),
        // which the api takes with a conditional UpdateItem on the table
        env.put("TREANT_WORKER_RETRY_INITIAL_DELAY_MS", "50");
        env.put("TREANT_WORKER_RETRY_MAX_DELAY_MS", "200");
        env.put("TREANT_WORKER_WAIT_TIME_SECONDS", "2");
        env.put("TREANT_VOICE_CONSUMERS", "2");
        // raid recaps (guild and channel: the template's parameters): Warcraft Logs on WireMock, the first poll soon, no settle time
        env.put("TREANT_WARCRAFTLOGS_OAUTH_URL", wm + "/warcraftlogs/oauth/token");
        env.put("TREANT_WARCRAFTLOGS_API_URL", wm + WCL_API_PATH);
        env.put("TREANT_WARCRAFTLOGS_FIRST_POLL_SECONDS", "2");
        env.put("TREANT_WARCRAFTLOGS_SETTLE_MINUTES", "0");
        env.put("TREANT_WARCRAFTLOGS_MAX_REPORT_AGE_HOURS", "100000"); // the fixtures' raids were in November 2026
        return env;
    }

    private void stubOutsideServices() {
        outside.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(json(200, "blizzard/oauth-token.json")));
        outside.stubFor(get(urlPathEqualTo("/profile/wow/character/dreamscythe/barkskin/equipment"))
                .willReturn(json(200, "blizzard/equipment-classicann-barkskin.json")));
        outside.stubFor(post(urlPathMatching("/v1beta/models/[^/]+:generateContent")).willReturn(json(200, "gemini/generate-content-200.json")));
        // longer than half the worker's 10 s hold on a message: its consumer extends the message's
        // visibility while the job runs (the worker function makes the same call on its records)
        outside.stubFor(get(urlPathEqualTo(OFFER_PATH)).willReturn(json(200, "gold/g2g-offer-200.json").withFixedDelay(6_000)));
        outside.stubFor(patch(urlPathMatching(EDIT_PATH)).willReturn(json(200, "discord/edit-original-200.json")));
        outside.stubFor(post(urlPathEqualTo("/warcraftlogs/oauth/token")).willReturn(json(200, "warcraftlogs/oauth-token.json")));
        outside.stubFor(post(urlPathEqualTo(WCL_API_PATH)).withRequestBody(containing("GuildReports"))
                .willReturn(json(200, "warcraftlogs/reports-guild.json")));
        outside.stubFor(post(urlPathEqualTo(WCL_API_PATH)).withRequestBody(containing("query Recap")).atPriority(10)
                .willReturn(json(200, "warcraftlogs/report-karazhan.json")));
        outside.stubFor(post(urlPathEqualTo(WCL_API_PATH)).withRequestBody(containing("Ss1Tt2Uu3Vv4Ww5X")).atPriority(1)
                .willReturn(json(200, "warcraftlogs/report-unknown.json")));
        outside.stubFor(post(urlPathEqualTo(CHANNEL_POST_PATH)).willReturn(json(200, "discord/channel-message-200.json")));
    }

    private int channelPosts() {
        return outside.findAll(postRequestedFor(urlPathEqualTo(CHANNEL_POST_PATH))).size();
    }

    private static ResponseDefinitionBuilder json(int status, String fixture) {
        try {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                    .withBody(Files.readAllBytes(FIXTURES.resolve(fixture)));
        } catch (IOException e) {
            throw new IllegalStateException("fixture missing: " + FIXTURES.resolve(fixture), e);
        }
    }

    // ---- driving and observing

    /** The api's answer to a signed interaction. */
    private JsonNode answer(int apiPort, JsonNode interaction) throws Exception {
        String body = JSON.writeValueAsString(interaction);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initSign(discordKey.getPrivate());
        ed25519.update((timestamp + body).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/interactions"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Signature-Ed25519", HexFormat.of().formatHex(ed25519.sign()))
                .header("X-Signature-Timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(refusalReport() + "answer " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private List<LoggedRequest> edits(JsonNode interaction) {
        String token = interaction.get("token").asText();
        return outside.findAll(patchRequestedFor(urlPathMatching(EDIT_PATH))).stream()
                .filter(r -> r.getUrl().contains("/" + token + "/")).toList();
    }

    private int messagesIn(Object queue) {
        String url = stack.resolve(alwaysOn.ref(queue)).toString();
        Map<QueueAttributeName, String> a = adminSqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static long wavFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".wav")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Polls (bounded); a refusal by any role ends the wait at once, since the job cannot succeed as designed. */
    private void await(String what, Map<String, TreantProcess> running, BooleanSupplier done) throws Exception {
        Instant deadline = Instant.now().plus(JOBS);
        while (Instant.now().isBefore(deadline)) {
            assertNoRoleWasRefused(what);
            if (done.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        StringBuilder logs = new StringBuilder("\n--- outside services: ");
        outside.getAllServeEvents().reversed().forEach(e -> logs.append("\n  ").append(e.getRequest().getMethod()).append(' ')
                .append(e.getRequest().getUrl()).append(" -> ").append(e.getResponse().getStatus()));
        running.values().forEach(p -> logs.append("\n--- ").append(p.name).append(" (").append(p.log).append(")\n").append(p.tail(15)));
        throw new AssertionError("not within " + JOBS.toSeconds() + " s: " + what + logs);
    }

    private List<String> roleRefusals() {
        return moto.refusals().stream().filter(r -> !r.contains("user/" + PROBE + " ")).toList();
    }

    /**
     * Every refusal of a call answered before now has been read: the probe makes a call moto refuses,
     * and moto reports refusals in the order it makes them.
     */
    private void readAllRefusalsSoFar() throws InterruptedException {
        long before = moto.refusals().stream().filter(r -> r.contains("user/" + PROBE + " ")).count();
        try (SqsClient probe = client(SqsClient.builder(), credentials(keys.get(PROBE)))) {
            assertThatThrownBy(probe::listQueues).isInstanceOf(AwsServiceException.class);
        }
        assertThat(moto.awaitRefusal(r -> moto.refusals().stream().filter(x -> x.contains("user/" + PROBE + " ")).count() > before,
                Duration.ofSeconds(5))).as("the probe's refusal reported").isTrue();
    }

    private void assertNoRoleWasRefused(String during) {
        List<String> refused = roleRefusals();
        if (!refused.isEmpty()) {
            throw new AssertionError("During " + during + " AWS refused these calls (AccessDenied: the template does not grant"
                    + " that action on that resource; principals are the task roles " + roleIds + "):\n  "
                    + String.join("\n  ", refused));
        }
    }

    private String refusalReport() {
        List<String> refused = roleRefusals();
        return refused.isEmpty() ? "" : "AWS refused:\n  " + String.join("\n  ", refused) + "\n";
    }

    // ---- helpers

    private static JsonNode fixture(String name) throws IOException {
        return JSON.readTree(FIXTURES.resolve(name).toFile());
    }

    private static AwsCredentialsProvider credentials(String id, String secret) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret));
    }

    private static AwsCredentialsProvider credentials(AccessKey key) {
        return credentials(key.accessKeyId(), key.secretAccessKey());
    }

    private <B extends AwsClientBuilder<B, C>, C extends SdkClient> C client(B builder, AwsCredentialsProvider credentials) {
        return builder.endpointOverride(URI.create(moto.endpoint)).region(Region.of(MotoServer.REGION))
                .credentialsProvider(credentials).build();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
