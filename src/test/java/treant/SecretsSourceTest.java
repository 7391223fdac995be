package treant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import java.util.Set;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SecretsSource against a stub speaking Secrets Manager's JSON protocol (awsJson1_1:
 * POST / with X-Amz-Target: secretsmanager.GetSecretValue), through Camel's real aws: function.
 */
class SecretsSourceTest {

    private static final String TARGET = "secretsmanager.GetSecretValue";
    private static final String PUBLIC_KEY = "a".repeat(64);
    private static final String BOT_TOKEN = "bot-token-value-never-logged";
    private static final String BLIZZARD_SECRET = "blizzard-secret-value";
    private static final String GEMINI_KEY = "gemini-key-value";
    private static final String WCL_SECRET = "wcl-secret-value";

    private WireMockServer sm;
    private CamelContext context;

    @BeforeEach
    void start() {
        sm = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        sm.start();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
        sm.stop();
    }

    private void secret(String name, String secretString) {
        sm.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET))
                .withRequestBody(equalToJson("{\"SecretId\":\"" + name + "\"}", true, true))
                .willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("""
                                {"ARN":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:%s-AbCdEf",
                                 "Name":"%s","VersionId":"v1","SecretString":%s,
                                 "VersionStages":["AWSCURRENT"],"CreatedDate":1.7E9}"""
                                .formatted(name, name, jsonString(secretString)))));
    }

    private void missingSecret(String name) {
        sm.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET))
                .withRequestBody(equalToJson("{\"SecretId\":\"" + name + "\"}", true, true))
                .willReturn(aResponse().withStatus(400)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}")));
    }

    private static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private void allSecrets() {
        secret("treant/discord-public-key", PUBLIC_KEY);
        secret("treant/discord-bot-token", BOT_TOKEN);
        secret("treant/blizzard", "{\"client_id\":\"blizzard-id\",\"client_secret\":\"" + BLIZZARD_SECRET + "\"}");
        secret("treant/gemini-api-key", GEMINI_KEY);
        secret("treant/warcraftlogs", "{\"client_id\":\"wcl-id\",\"client_secret\":\"" + WCL_SECRET + "\"}");
    }

    private CamelContext context(String source, String roles) {
        Properties p = new Properties();
        p.setProperty("treant.secrets.source", source);
        p.setProperty("treant.roles", roles);
        p.setProperty("treant.aws.region", "eu-west-1");
        p.setProperty("treant.secrets.endpoint", "http://127.0.0.1:" + sm.port());
        p.setProperty("treant.secrets.discord-public-key", "treant/discord-public-key");
        p.setProperty("treant.secrets.discord-token", "treant/discord-bot-token");
        p.setProperty("treant.secrets.blizzard", "treant/blizzard");
        p.setProperty("treant.secrets.gemini-api-key", "treant/gemini-api-key");
        p.setProperty("treant.secrets.warcraftlogs", "treant/warcraftlogs");
        p.setProperty("treant.discord.public-key", "from-env");
        context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(p);
        // test credentials for SigV4 signing; production uses the default chain (ECS task role)
        context.getVaultConfiguration().aws().setAccessKey("AKIDTEST");
        context.getVaultConfiguration().aws().setSecretKey("test-secret-key");
        return context;
    }

    private String prop(String name) {
        return context.resolvePropertyPlaceholders("{{" + name + "}}");
    }

    private long requestsFor(String secretId) {
        return sm.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET))
                .withRequestBody(equalToJson("{\"SecretId\":\"" + secretId + "\"}", true, true))).size();
    }

    @Test
    void allRolesReadEverySecretOnceAndOverrideTheProperties() {
        allSecrets();
        new SecretsSource().configure(context("aws", "api,worker,voice"));

        assertThat(prop("treant.discord.public-key")).isEqualTo(PUBLIC_KEY);
        assertThat(prop("treant.discord.token")).isEqualTo(BOT_TOKEN);
        assertThat(prop("treant.blizzard.client-id")).isEqualTo("blizzard-id");
        assertThat(prop("treant.blizzard.client-secret")).isEqualTo(BLIZZARD_SECRET);
        assertThat(prop("treant.gemini.api-key")).isEqualTo(GEMINI_KEY);

        assertThat(requestsFor("treant/discord-public-key")).isEqualTo(1);
        assertThat(requestsFor("treant/discord-bot-token")).isEqualTo(1);
        assertThat(requestsFor("treant/blizzard")).isEqualTo(2); // one per field: the aws: function does not cache
        assertThat(requestsFor("treant/gemini-api-key")).isEqualTo(1);
        assertThat(requestsFor("treant/warcraftlogs")).isEqualTo(2);

        LoggedRequest any = sm.findAll(postRequestedFor(urlEqualTo("/"))).getFirst();
        assertThat(any.getHeader("Content-Type")).startsWith("application/x-amz-json-1.1");
        // signed for the configured region and the secretsmanager service
        assertThat(any.getHeader("Authorization")).contains("AKIDTEST/").contains("/eu-west-1/secretsmanager/aws4_request");
    }

    @Test
    void theWorkerReadsWarcraftLogsAndTheBotTokenItPostsRecapsWith() {
        allSecrets();
        new SecretsSource().configure(context("aws", "worker"));

        assertThat(prop("treant.warcraftlogs.client-id")).isEqualTo("wcl-id");
        assertThat(prop("treant.warcraftlogs.client-secret")).isEqualTo(WCL_SECRET);
        assertThat(prop("treant.discord.token")).isEqualTo(BOT_TOKEN);
        assertThat(requestsFor("treant/discord-public-key")).isZero();
    }

    @Test
    void apiRoleReadsOnlyThePublicKey() {
        allSecrets();
        new SecretsSource().configure(context("aws", "api"));

        assertThat(prop("treant.discord.public-key")).isEqualTo(PUBLIC_KEY);
        assertThat(sm.findAll(postRequestedFor(urlEqualTo("/")))).hasSize(1);
        assertThat(requestsFor("treant/discord-public-key")).isEqualTo(1);
    }

    @Test
    void anApiInGatewayModeAlsoReadsTheBotTokenItsSessionLogsInWith() {
        allSecrets();
        CamelContext ctx = context("aws", "api");
        ctx.getPropertiesComponent().addInitialProperty("treant.discord.interactions", "gateway");
        new SecretsSource().configure(ctx);

        assertThat(prop("treant.discord.token")).isEqualTo(BOT_TOKEN);
        assertThat(requestsFor("treant/discord-bot-token")).isEqualTo(1);
        assertThat(requestsFor("treant/blizzard")).isZero();
    }

    @Test
    void registerCommandsReadsOnlyTheBotToken() {
        allSecrets();
        new SecretsSource(Set.of(SecretsSource.REGISTER_COMMANDS)).configure(context("aws", "api,worker,voice"));

        assertThat(prop("treant.discord.token")).isEqualTo(BOT_TOKEN);
        assertThat(sm.findAll(postRequestedFor(urlEqualTo("/")))).hasSize(1);
    }

    @Test
    void envSourceMakesNoRequests() {
        allSecrets();
        new SecretsSource().configure(context("env", "api,worker,voice"));

        assertThat(prop("treant.discord.public-key")).isEqualTo("from-env");
        assertThat(sm.getAllServeEvents()).isEmpty();
    }

    @Test
    void missingSecretStopsStartUpNamingTheSecretButNoValue() {
        allSecrets();
        missingSecret("treant/gemini-api-key");
        CamelContext ctx = context("aws", "worker");

        assertThatThrownBy(() -> new SecretsSource().configure(ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("secret 'treant/gemini-api-key'")
                .hasMessageContaining("treant.gemini.api-key")
                .hasMessageContaining("ResourceNotFoundException")
                .hasMessageNotContaining(BLIZZARD_SECRET)
                .hasMessageNotContaining(GEMINI_KEY);
    }

    @Test
    void jsonSecretWithoutTheFieldNamesTheFieldAndLeaksNothing() {
        allSecrets();
        secret("treant/blizzard", "{\"client_id\":\"blizzard-id\",\"secret\":\"" + BLIZZARD_SECRET + "\"}");
        CamelContext ctx = context("aws", "worker");

        assertThatThrownBy(() -> new SecretsSource().configure(ctx))
                .hasMessageContaining("secret 'treant/blizzard' field 'client_secret'")
                .hasMessageContaining("not found in the secret")
                .hasMessageNotContaining(BLIZZARD_SECRET)
                .hasMessageNotContaining("blizzard-id");
    }

    @Test
    void secretThatIsNotJsonFailsWithoutQuotingIt() {
        allSecrets();
        secret("treant/blizzard", "not-json " + BLIZZARD_SECRET);
        CamelContext ctx = context("aws", "worker");

        assertThatThrownBy(() -> new SecretsSource().configure(ctx))
                .hasMessageContaining("secret 'treant/blizzard' field 'client_id'")
                .hasMessageNotContaining(BLIZZARD_SECRET);
    }

    @Test
    void unreachableEndpointIsNamed() {
        CamelContext ctx = context("aws", "voice");
        ctx.getPropertiesComponent().addOverrideProperty("treant.secrets.endpoint", "http://127.0.0.1:9");
        assertThatThrownBy(() -> new SecretsSource().configure(ctx))
                .hasMessageContaining("secret 'treant/discord-bot-token'")
                .hasMessageContaining("cannot reach Secrets Manager");
    }

    @Test
    void unknownSourceIsRejected() {
        CamelContext ctx = context("vault", "api");
        assertThatThrownBy(() -> new SecretsSource().configure(ctx)).hasMessageContaining("'env' or 'aws'");
    }

    @Test
    void camelMainSeesTheSecretThroughTheUsualProperty() throws Exception {
        allSecrets();
        Main main = mainWithAwsSecrets();
        try {
            main.start();
            assertThat(main.getCamelContext().resolvePropertyPlaceholders("{{treant.discord.public-key}}")).isEqualTo(PUBLIC_KEY);
            assertThat(main.getCamelContext().getPropertiesComponent().resolveProperty("treant.discord.public-key")).contains(PUBLIC_KEY);
        } finally {
            main.stop();
        }
    }

    private Main mainWithAwsSecrets() {
        Main main = new Main();
        // overrides: application.properties (on the classpath) would win over initial properties
        main.configure().addConfiguration(new SecretsSource());
        main.addOverrideProperty("treant.secrets.source", "aws");
        main.addOverrideProperty("treant.roles", "api");
        main.addOverrideProperty("treant.secrets.discord-public-key", "treant/discord-public-key");
        main.addOverrideProperty("treant.secrets.endpoint", "http://127.0.0.1:" + sm.port());
        main.addOverrideProperty("camel.vault.aws.accessKey", "AKIDTEST");
        main.addOverrideProperty("camel.vault.aws.secretKey", "test-secret-key");
        main.addOverrideProperty("camel.vault.aws.region", "eu-west-1");
        return main;
    }

    @Test
    void camelMainDoesNotStartWhenASecretIsMissing() {
        missingSecret("treant/discord-public-key");
        Main main = mainWithAwsSecrets();
        try {
            assertThatThrownBy(main::start)
                    .hasStackTraceContaining("secret 'treant/discord-public-key'");
            assertThat(requestsFor("treant/discord-public-key")).isEqualTo(1);
        } finally {
            main.stop();
        }
    }
}
