package treant.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import treant.jobs.CommandJob;
import treant.testing.DiscordSigner;
import treant.testing.Fixtures;
import treant.worker.WorkerServices;

/**
 * The function artifact, target/treant-function.jar, as Lambda runs it: the api and the worker
 * handler, each in a JVM of its own under AWS's runtime interface client, with the classpath of
 * Lambda's managed Java runtime (the artifact, plus the runtime client that the runtime brings: it
 * is not in the artifact) and the settings the deployment gives the functions: secrets from Secrets
 * Manager (WireMock answering GetSecretValue), the store on DynamoDB (dynalite), SQS (ElasticMQ),
 * JSON logs. A job the api puts on the queue is the one the worker gets. Anything the artifact leaves
 * out that these paths need fails here (a class not found at start-up or in a flow).
 *
 * <p>Runs after {@code package} (Maven's integration-test phase, tag {@value #TAG}), on the jar that
 * build made: {@code mvn -B verify}, or {@code mvn -B -o verify -Dtest=LambdaFunctionJarTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag(LambdaFunctionJarTest.TAG)
@Timeout(240)
class LambdaFunctionJarTest {

    static final String TAG = "function-jar";
    static final Path JAR = Path.of("target/treant-function.jar");
    static final Duration CALL = Duration.ofSeconds(60);
    static final String TABLE = "FunctionJarPrices";
    static final String PUBLIC_KEY_SECRET = "treant/discord-public-key";
    static final String BLIZZARD_SECRET = "treant/blizzard";
    static final String GEMINI_SECRET = "treant/gemini-api-key";
    static final String WARCRAFTLOGS_SECRET = "treant/warcraftlogs";
    static final String BOT_TOKEN_SECRET = "treant/discord-bot-token";

    static final DiscordSigner discord = new DiscordSigner();
    static WorkerServices services;
    static Map<String, String> queues;
    static LocalLambdaRuntime apiRuntime;
    static LocalLambdaRuntime workerRuntime;
    static LambdaProcess api;
    static LambdaProcess worker;

    @BeforeAll
    static void start() throws Exception {
        assertThat(JAR).as("the function artifact: run `mvn -B package` first").isRegularFile();
        services = new WorkerServices().start(true);
        services.dynalite.createTable(TABLE);
        queues = services.freshQueues(2, 30);
        services.stubHappyPath();
        stubSecret(PUBLIC_KEY_SECRET, discord.publicKeyHex());
        stubSecret(BLIZZARD_SECRET, "{\"client_id\":\"secret-client\",\"client_secret\":\"secret-secret\"}");
        stubSecret(GEMINI_SECRET, "secret-gemini-key");
        stubSecret(WARCRAFTLOGS_SECRET, "{\"client_id\":\"secret-wcl-client\",\"client_secret\":\"secret-wcl-secret\"}");
        stubSecret(BOT_TOKEN_SECRET, "secret-bot-token");

        // the deployment's settings (deploy/: TreantStack's environment of the functions), on loopback
        Map<String, String> p = new HashMap<>(services.workerProperties(queues, "dynamodb", TABLE));
        p.keySet().removeAll(List.of("treant.blizzard.client-id", "treant.blizzard.client-secret", "treant.gemini.api-key"));
        p.put("treant.secrets.source", "aws");
        p.put("treant.secrets.endpoint", services.wiremock.baseUrl());
        p.put("treant.secrets.discord-public-key", PUBLIC_KEY_SECRET);
        p.put("treant.secrets.blizzard", BLIZZARD_SECRET);
        p.put("treant.secrets.gemini-api-key", GEMINI_SECRET);
        p.put("treant.secrets.warcraftlogs", WARCRAFTLOGS_SECRET);
        p.put("treant.secrets.discord-token", BOT_TOKEN_SECRET);
        // the automatic recap: guild and channel as the deployment's parameters give them, the bot token a secret
        p.putAll(services.recapProperties());
        p.keySet().removeAll(List.of("treant.warcraftlogs.client-id", "treant.warcraftlogs.client-secret", "treant.discord.token"));
        p.put("treant.log.format", "json");
        p.put("treant.aws.http-client", "url-connection");
        Map<String, String> env = new HashMap<>(LambdaEvents.asEnvironment(p));
        // as Lambda gives them: the execution role's credentials, in the environment
        env.put("AWS_ACCESS_KEY_ID", "AKIDFUNCTIONJAR");
        env.put("AWS_SECRET_ACCESS_KEY", "function-jar-secret");
        env.put("AWS_SESSION_TOKEN", "function-jar-session");

        String classpath = functionClasspath();
        apiRuntime = new LocalLambdaRuntime();
        api = LambdaProcess.startReady("treant.lambda.ApiFunction::handleRequest", apiRuntime, env, classpath);
        workerRuntime = new LocalLambdaRuntime();
        worker = LambdaProcess.startReady("treant.lambda.WorkerFunction::handleRequest", workerRuntime, env, classpath);
    }

    @AfterAll
    static void stop() throws Exception {
        LambdaProcess.closeAll(api, apiRuntime, worker, workerRuntime, services);
    }

    /**
     * Lambda's managed runtime: the function's code, and the runtime client with its serialization,
     * which the runtime provides (here taken from the test classpath, the versions the pom pins).
     */
    static String functionClasspath() {
        List<String> cp = new ArrayList<>(List.of(JAR.toAbsolutePath().toString()));
        Arrays.stream(LambdaProcess.classpath().split(File.pathSeparator))
                .filter(e -> Path.of(e).getFileName().toString().matches(
                        "aws-lambda-java-(runtime-interface-client|serialization)-.*\\.jar"))
                .forEach(cp::add);
        assertThat(cp).as("the runtime client's jars on the test classpath").hasSize(3);
        return String.join(File.pathSeparator, cp);
    }

    static void stubSecret(String name, String value) {
        services.stub(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .withRequestBody(equalToJson("{\"SecretId\":\"" + name + "\"}", true, true))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(LambdaEvents.MAPPER.createObjectNode().put("Name", name).put("SecretString", value).toString())));
    }

    static JsonNode invokeApi(String fixture) throws Exception {
        LocalLambdaRuntime.Result r = apiRuntime.invokeAndWait(
                LambdaEvents.signedInteraction(discord, Fixtures.bytes("discord/" + fixture)), CALL);
        assertThat(r.error()).as("function error: %s\n%s", r.body(), api.output()).isFalse();
        JsonNode response = LambdaEvents.MAPPER.readTree(r.body());
        assertThat(response.get("statusCode").asInt()).as(r.body()).isEqualTo(200);
        return LambdaEvents.MAPPER.readTree(response.get("body").asText());
    }

    @Test
    void leavesOutTheLocalAndVoiceOnlyParts() throws Exception {
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            List<String> names = jar.stream().map(e -> e.getName()).toList();
            assertThat(names).contains("treant/lambda/ApiFunction.class", "treant/lambda/WorkerFunction.class",
                    "routes/api/api-interactions.camel.yaml", "application.properties");
            for (String left : List.of("org/elasticmq/", "org/apache/pekko/", "scala/", "org/h2/", "net/dv8tion/",
                    "club/minnced/", "natives/", "com/google/crypto/tink/", "io/vertx/", "io/netty/",
                    "software/amazon/awssdk/services/cloudtrail/", "software/amazon/awssdk/services/sts/",
                    "software/amazon/awssdk/services/polly/", "org/bouncycastle/jcajce/", "org/bouncycastle/pqc/",
                    "com/amazonaws/services/lambda/runtime/api/client/")) {
                assertThat(names).as("nothing under %s", left).noneMatch(n -> n.startsWith(left));
            }
        }
    }

    @Test
    void theApiAnswersAndQueuesAndTheWorkerDoesTheJobs() throws Exception {
        assertThat(invokeApi("ping.json").toString()).isEqualTo("{\"type\":1}");
        // judge's autocomplete reads the store (DynamoDB): empty, so the shipped realms
        JsonNode choices = invokeApi("judge-autocomplete-realm.json");
        assertThat(choices.get("type").asInt()).isEqualTo(8);
        assertThat(choices.at("/data/choices/0/name").asText()).isEqualTo("Dreamscythe");
        assertThat(invokeApi("gold.json").toString()).isEqualTo("{\"type\":5}");
        assertThat(invokeApi("judge.json").toString()).isEqualTo("{\"type\":5}");
        List<String> bodies = services.receive(queues.get("treant.sqs.command-queue"), 1).stream().map(m -> m.body()).toList();
        assertThat(bodies).hasSize(2);

        List<Map.Entry<String, String>> records = new ArrayList<>();
        List<CommandJob> jobs = new ArrayList<>();
        for (String body : bodies) {
            CommandJob job = Fixtures.MAPPER.readValue(body, CommandJob.class);
            jobs.add(job);
            records.add(Map.entry("msg-" + job.command(), body));
        }
        LocalLambdaRuntime.Result r = workerRuntime.invokeAndWait(
                LambdaEvents.sqsEvent(queues.get("treant.sqs.command-queue"), records), CALL);
        assertThat(r.error()).as("function error: %s\n%s", r.body(), worker.output()).isFalse();
        assertThat(LambdaEvents.MAPPER.readTree(r.body()).get("batchItemFailures")).as(worker.output()).isEmpty();
        for (CommandJob job : jobs) {
            assertThat(services.editsFor(job)).as("the %s job's answer", job.command()).hasSize(1);
        }
        CommandJob gold = jobs.stream().filter(j -> j.command().equals("gold")).findFirst().orElseThrow();
        assertThat(services.editJson(services.editsFor(gold).getFirst()).toString()).contains("5,000");
        // the price went to the table (the store on DynamoDB), and the secrets came from Secrets Manager
        try (var ddb = services.dynalite.client()) {
            assertThat(ddb.scan(b -> b.tableName(TABLE)).count()).isPositive();
        }
        for (String secret : List.of(PUBLIC_KEY_SECRET, BLIZZARD_SECRET, GEMINI_SECRET, WARCRAFTLOGS_SECRET, BOT_TOKEN_SECRET)) {
            assertThat(services.wiremock.findAll(postRequestedFor(urlEqualTo("/"))
                    .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                    .withRequestBody(equalToJson("{\"SecretId\":\"" + secret + "\"}", true, true))))
                    .as("GetSecretValue of %s", secret).isNotEmpty();
        }
    }

    @Test
    void theScheduledRecapPollPostsFromTheArtifactWithItsClaimsInDynamoDb() throws Exception {
        services.stubRecapServices();
        String posts = WorkerServices.CHANNEL_POST_PATH;
        LocalLambdaRuntime.Result r = workerRuntime.invokeAndWait(LambdaWorkerFunctionTest.SCHEDULED_RECAP_POLL, CALL);
        assertThat(r.error()).as("function error: %s\n%s", r.body(), worker.output()).isFalse();
        assertThat(services.wiremock.findAll(postRequestedFor(urlPathEqualTo(posts)))).as(worker.output()).hasSize(3);
        for (LoggedRequest post : services.wiremock.findAll(postRequestedFor(urlPathEqualTo(posts)))) {
            assertThat(post.getHeader("Authorization")).as("as the bot, its token from Secrets Manager").isEqualTo("Bot secret-bot-token");
        }
        try (var ddb = services.dynalite.client()) {
            assertThat(ddb.getItem(b -> b.tableName(TABLE).key(Map.of("type", AttributeValue.fromS("recap#a1B2c3D4e5F6g7H8"),
                    "timestamp", AttributeValue.fromN("0")))).item()).containsEntry("status", AttributeValue.fromS("posted"));
        }
    }

    @Test
    void theFunctionsLogOneJsonObjectPerLine() throws Exception {
        invokeApi("ping.json");
        for (LambdaProcess function : List.of(api, worker)) {
            List<String> lines = Files.readAllLines(function.log).stream()
                    .filter(l -> l.startsWith("{")).toList();
            assertThat(lines).as(function.output()).isNotEmpty();
            // and none in the text layout (the JSON layout's plugin would be missing from the artifact)
            assertThat(Files.readAllLines(function.log)).as(function.output())
                    .noneMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} +(INFO|WARN|ERROR) .*"));
            for (String line : lines) {
                assertThat(LambdaEvents.MAPPER.readTree(line).has("message")).as(line).isTrue();
            }
        }
    }
}
