package treant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** register-commands against WireMock standing in for Discord's REST API. */
class RegisterCommandsTest {

    private static final String APP = "1234567890123456789";
    private static final String GUILD = "987654321098765432";
    private static final String TOKEN = "MTIz.bot-token.never-printed";
    private static final String GLOBAL = "/api/v10/applications/" + APP + "/commands";
    private static final String OK_BODY = "[{\"id\":\"1111111111111111111\",\"application_id\":\"" + APP + "\",\"name\":\"treant\",\"type\":1}]";

    private final ObjectMapper json = new ObjectMapper();
    private WireMockServer discord;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        discord = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        discord.start();
    }

    @AfterEach
    void stop() {
        discord.stop();
    }

    private Properties props() {
        Properties p = new Properties();
        p.setProperty("treant.discord.api-url", "http://127.0.0.1:" + discord.port() + "/api/v10");
        p.setProperty("treant.discord.application-id", APP);
        p.setProperty("treant.discord.token", TOKEN);
        p.setProperty("treant.secrets.source", "env");
        return p;
    }

    private int run(Properties p, String... args) {
        return RegisterCommands.run(args, p, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private JsonNode sentBody(LoggedRequest r) throws Exception {
        return json.readTree(r.getBodyAsString());
    }

    private static JsonNode sub(JsonNode treant, String name) {
        for (JsonNode o : treant.get("options")) {
            if (o.get("name").asText().equals(name)) {
                return o;
            }
        }
        throw new AssertionError("no subcommand " + name);
    }

    private static JsonNode opt(JsonNode subcommand, String name) {
        for (JsonNode o : subcommand.get("options")) {
            if (o.get("name").asText().equals(name)) {
                return o;
            }
        }
        throw new AssertionError("no option " + name);
    }

    @Test
    void putsTheTreantCommandGloballyWithTheApisLimits() throws Exception {
        discord.stubFor(put(urlEqualTo(GLOBAL)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(OK_BODY)));

        assertThat(run(props(), "register-commands")).isEqualTo(RegisterCommands.EXIT_OK);

        List<LoggedRequest> requests = discord.findAll(putRequestedFor(urlEqualTo(GLOBAL)));
        assertThat(requests).hasSize(1);
        LoggedRequest r = requests.getFirst();
        assertThat(r.getHeader("Authorization")).isEqualTo("Bot " + TOKEN);
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        assertThat(r.getHeader("User-Agent")).startsWith("DiscordBot (");

        JsonNode body = sentBody(r);
        assertThat(body.isArray()).isTrue();
        assertThat(body).hasSize(1);
        JsonNode treant = body.get(0);
        assertThat(treant.get("name").asText()).isEqualTo("treant");
        assertThat(treant.get("type").asInt()).isEqualTo(1);
        assertThat(treant.get("options")).extracting(o -> o.get("name").asText())
                .containsExactly("pun", "speak", "gold", "judge", "recap");
        assertThat(treant.get("options")).allSatisfy(o -> assertThat(o.get("type").asInt()).isEqualTo(1));

        JsonNode text = opt(sub(treant, "speak"), "text");
        assertThat(text.get("type").asInt()).isEqualTo(3);
        assertThat(text.get("required").asBoolean()).isTrue();
        assertThat(text.get("min_length").asInt()).isEqualTo(1);
        assertThat(text.get("max_length").asInt()).isEqualTo(1000);

        JsonNode amount = opt(sub(treant, "gold"), "amount");
        assertThat(amount.get("type").asInt()).isEqualTo(4);
        assertThat(amount.get("required").asBoolean()).isFalse();
        assertThat(amount.get("min_value").asInt()).isEqualTo(1);
        assertThat(amount.get("max_value").asInt()).isEqualTo(1_000_000);

        JsonNode character = opt(sub(treant, "judge"), "character");
        assertThat(character.get("type").asInt()).isEqualTo(3);
        assertThat(character.get("required").asBoolean()).isTrue();
        assertThat(character.get("min_length").asInt()).isEqualTo(2);
        assertThat(character.get("max_length").asInt()).isEqualTo(12);
        assertThat(character.get("autocomplete").asBoolean()).as("no guild configured: nothing to offer").isFalse();
        JsonNode report = opt(sub(treant, "recap"), "report");
        assertThat(report.get("type").asInt()).isEqualTo(3);
        assertThat(report.get("required").asBoolean()).as("without it: the guild's latest report").isFalse();
        assertThat(report.get("min_length").asInt()).isEqualTo(16);
        assertThat(report.get("max_length").asInt()).isEqualTo(200);
        JsonNode realm = opt(sub(treant, "judge"), "realm");
        assertThat(realm.get("type").asInt()).isEqualTo(3);
        assertThat(realm.get("required").asBoolean()).isFalse();
        assertThat(realm.get("autocomplete").asBoolean()).isTrue();

        // Discord's own limits: names 1-32 lowercase, descriptions 1-100 characters
        assertThat(body.findValues("name")).allSatisfy(n -> assertThat(n.asText()).matches("[a-z0-9_-]{1,32}"));
        assertThat(body.findValues("description")).allSatisfy(d -> assertThat(d.asText().length()).isBetween(1, 100));

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Registered 1 command(s) globally").contains("/treant");
    }

    @Test
    void limitsFollowTheConfiguration() throws Exception {
        discord.stubFor(put(urlEqualTo(GLOBAL)).willReturn(aResponse().withStatus(200).withBody(OK_BODY)));
        Properties p = props();
        p.setProperty("treant.tts.max-text-length", "300");
        p.setProperty("treant.gold.max-amount", "50000");

        assertThat(run(p)).isZero();

        JsonNode treant = sentBody(discord.findAll(putRequestedFor(urlEqualTo(GLOBAL))).getFirst()).get(0);
        assertThat(opt(sub(treant, "speak"), "text").get("max_length").asInt()).isEqualTo(300);
        assertThat(opt(sub(treant, "gold"), "amount").get("max_value").asInt()).isEqualTo(50000);
    }

    @Test
    void guildOptionRegistersToThatGuildOnly() {
        String guildPath = "/api/v10/applications/" + APP + "/guilds/" + GUILD + "/commands";
        discord.stubFor(put(urlEqualTo(guildPath)).willReturn(aResponse().withStatus(200).withBody(OK_BODY)));

        assertThat(run(props(), "register-commands", "--guild", GUILD)).isZero();

        assertThat(discord.findAll(putRequestedFor(urlEqualTo(guildPath)))).hasSize(1);
        assertThat(discord.findAll(putRequestedFor(urlEqualTo(GLOBAL)))).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("in guild " + GUILD);
    }

    @Test
    void runningTwiceSendsTheSameDefinition() {
        discord.stubFor(put(urlEqualTo(GLOBAL)).willReturn(aResponse().withStatus(200).withBody(OK_BODY)));

        assertThat(run(props())).isZero();
        assertThat(run(props())).isZero();

        List<LoggedRequest> requests = discord.findAll(putRequestedFor(urlEqualTo(GLOBAL)));
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).getBodyAsString()).isEqualTo(requests.get(1).getBodyAsString());
    }

    @Test
    void unauthorizedExplainsTheTokenWithoutPrintingIt() {
        discord.stubFor(put(urlEqualTo(GLOBAL)).willReturn(aResponse().withStatus(401)
                .withBody("{\"message\": \"401: Unauthorized\", \"code\": 0}")));

        assertThat(run(props())).isEqualTo(RegisterCommands.EXIT_DISCORD_REFUSED);
        assertThat(err()).contains("401 Unauthorized").contains("treant.discord.token").doesNotContain(TOKEN);
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(TOKEN);
    }

    @Test
    void forbiddenExplainsTheLikelyCause() {
        discord.stubFor(put(urlEqualTo(GLOBAL)).willReturn(aResponse().withStatus(403)
                .withBody("{\"message\": \"Missing Access\", \"code\": 50001}")));

        assertThat(run(props())).isEqualTo(RegisterCommands.EXIT_DISCORD_REFUSED);
        assertThat(err()).contains("403 Forbidden").contains("applications.commands").contains("Missing Access");
    }

    @Test
    void shortRateLimitIsWaitedOutAndRetried() {
        discord.stubFor(put(urlEqualTo(GLOBAL)).inScenario("rl").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\": \"You are being rate limited.\", \"retry_after\": 0.2, \"global\": false}"))
                .willSetStateTo("cool"));
        discord.stubFor(put(urlEqualTo(GLOBAL)).inScenario("rl").whenScenarioStateIs("cool")
                .willReturn(aResponse().withStatus(200).withBody(OK_BODY)));

        long start = System.nanoTime();
        assertThat(run(props())).isZero();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(200_000_000L);
        assertThat(discord.findAll(putRequestedFor(urlEqualTo(GLOBAL)))).hasSize(2);
        assertThat(err()).contains("429");
    }

    @Test
    void longRateLimitIsReportedNotWaited() {
        discord.stubFor(put(urlEqualTo(GLOBAL)).willReturn(aResponse().withStatus(429)
                .withBody("{\"message\": \"You are being rate limited.\", \"retry_after\": 120.5, \"global\": true}")));

        assertThat(run(props())).isEqualTo(RegisterCommands.EXIT_DISCORD_REFUSED);
        assertThat(discord.findAll(putRequestedFor(urlEqualTo(GLOBAL)))).hasSize(1);
        assertThat(err()).contains("429").contains("retry after 120.5 s");
    }

    @Test
    void missingApplicationIdOrTokenFailsBeforeCallingDiscord() {
        Properties noApp = props();
        noApp.setProperty("treant.discord.application-id", "");
        assertThat(run(noApp)).isEqualTo(RegisterCommands.EXIT_USAGE);
        assertThat(err()).contains("treant.discord.application-id");

        Properties noToken = props();
        noToken.setProperty("treant.discord.token", " ");
        assertThat(run(noToken)).isEqualTo(RegisterCommands.EXIT_USAGE);
        assertThat(err()).contains("treant.discord.token");

        assertThat(run(props(), "--guild", "not-a-snowflake")).isEqualTo(RegisterCommands.EXIT_USAGE);
        assertThat(discord.getAllServeEvents()).isEmpty();
    }

    @Test
    void dryRunShowsTheAutocompleteOptionsTheCharacterOneWhenAGuildIsConfigured() throws Exception {
        Properties p = props();
        p.setProperty("treant.blizzard.guild", "Grove Wardens");
        assertThat(run(p, "--dry-run")).isZero();
        JsonNode judge = sub(json.readTree(out.toString(StandardCharsets.UTF_8)).get(0), "judge");
        assertThat(opt(judge, "realm").get("autocomplete").asBoolean()).isTrue();
        assertThat(opt(judge, "character").get("autocomplete").asBoolean()).isTrue();
        assertThat(discord.getAllServeEvents()).isEmpty();
    }

    @Test
    void dryRunPrintsTheDefinitionAndSendsNothing() throws Exception {
        assertThat(run(props(), "--dry-run")).isZero();
        assertThat(json.readTree(out.toString(StandardCharsets.UTF_8)).get(0).get("name").asText()).isEqualTo("treant");
        assertThat(discord.getAllServeEvents()).isEmpty();
    }
}
