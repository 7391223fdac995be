package treant.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.apache.hc.core5.http.HttpEntity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import treant.Json;
import treant.discord.Embed;
import treant.jobs.CommandJob;
import treant.testing.Fixtures;
import treant.testing.ConnectorAdvice;
import treant.testing.RoleRoutes;
import treant.recap.RecapMessage;

/**
 * Route-level tests of /treant recap and the automatic recap: the worker's flows as loaded from its
 * route files, Warcraft Logs, Gemini and Discord advised into mocks answering with the fixtures
 * (src/test/resources/fixtures/warcraftlogs: answers in the shape of the public v2 API's).
 */
@CamelMainTest(
        properties = {
            "treant.sqs.endpoint=http://127.0.0.1:9",
            "treant.store=embedded",
            "treant.store.embedded-file=./target/worker-recap-routes-test/treant",
            "treant.worker.retry.initial-delay-ms=10",
            "treant.worker.retry.max-delay-ms=20",
            "treant.gemini.retry-delay-ms=10",
            "treant.gemini.api-key=test-gemini-key",
            "treant.warcraftlogs.client-id=test-client",
            "treant.warcraftlogs.client-secret=test-secret",
            "treant.warcraftlogs.guild=Grove Wardens, dreamscythe, us",
            "treant.warcraftlogs.channel-id=1200000000000000060",
            "treant.warcraftlogs.settle-minutes=0",
            "treant.warcraftlogs.max-report-age-hours=100000",
            "treant.discord.token=test-bot-token",
        },
        advices = {
            // gold's voice queue is resolved at start-up: never called here
            @AdviceRouteMapping(route = "worker-gold-voice", advice = WorkerRecapRoutesTest.OutsideWorld.class),
        })
class WorkerRecapRoutesTest {

    static final String KARAZHAN = "a1B2c3D4e5F6g7H8";

    public static class OutsideWorld extends org.apache.camel.builder.AdviceWithRouteBuilder {
        @Override
        public void configure() throws Exception {
            advise(this);
        }

        static void advise(org.apache.camel.builder.AdviceWithRouteBuilder a) throws Exception {
            Map<String, String> calls = Map.of("warcraftlogs-token-call", "mock:wcl-oauth", "warcraftlogs-api-call", "mock:wcl-api",
                    "gemini-call", "mock:gemini", "discord-edit-call", "mock:discord", "discord-post-call", "mock:discord-post", "worker-to-voice-queue", "mock:voice");
            for (Map.Entry<String, String> call : calls.entrySet()) {
                if (a.getOriginalRoute().getOutputs().stream().anyMatch(o -> WorkerRoutesTest.OutsideWorld.hasStep(o, call.getKey()))) {
                    a.weaveById(call.getKey()).replace().to(call.getValue());
                }
            }
        }
    }

    @Configure
    protected void configure(MainConfigurationProperties main) {
        RoleRoutes.flowsOf(main, "worker");
    }

    final ObjectMapper mapper = Json.newMapper();
    /** What the GraphQL endpoint answers: the guild's reports, and each report by its code (fixture, status). */
    final Map<String, Map.Entry<Integer, String>> wcl = new ConcurrentHashMap<>();
    final List<JsonNode> graphqlRequests = new ArrayList<>();

    @BeforeEach
    void noRecapsPostedYet() throws Exception {
        // the store's file outlives each test's context: start every test with no report seen
        String file = Path.of("./target/worker-recap-routes-test/treant").toAbsolutePath().toString();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + file, "treant", "");
             java.sql.Statement s = c.createStatement()) {
            s.execute("DELETE FROM recaps");
        }
        fixtures();
    }

    void fixtures() throws Exception {
        ConnectorAdvice.advise(context, OutsideWorld::advise, "worker-warcraftlogs-call", "worker-gemini-generate", "worker-discord-webhook", "worker-discord-channel");
        MockEndpoint.resetMocks(context);
        answer("mock:wcl-oauth", 200, "warcraftlogs/oauth-token.json");
        answer("mock:gemini", 200, "gemini/recap-summary-structured-200.json");
        answer("mock:discord", 200, "discord/edit-original-200.json");
        answer("mock:discord-post", 200, "discord/channel-message-200.json");
        wcl.put("reports", Map.entry(200, "warcraftlogs/reports-guild.json"));
        wcl.put(KARAZHAN, Map.entry(200, "warcraftlogs/report-karazhan.json"));
        wcl.put("Qw3rTy8uIo0pAs1D", Map.entry(200, "warcraftlogs/report-wipes-only.json"));
        wcl.put("Zx9Cv8Bn7Mm6Ll5K", Map.entry(200, "warcraftlogs/report-too-big.json"));
        wcl.put("Nn0Oo9Pp8Qq7Rr6S", Map.entry(200, "warcraftlogs/report-unknown.json"));
        wcl.put("Pp1Rr2Ii3Vv4Aa5T", Map.entry(200, "warcraftlogs/report-private.json"));
        mock("mock:wcl-api").whenAnyExchangeReceived(e -> {
            JsonNode request = mapper.readTree(e.getMessage().getBody(String.class));
            synchronized (graphqlRequests) {
                graphqlRequests.add(request);
            }
            String key = request.path("query").asText().contains("reports(") ? "reports" : request.at("/variables/code").asText();
            Map.Entry<Integer, String> a = wcl.get(key);
            respond(e, a.getKey(), a.getValue(), a.getKey() < 300 || a.getKey() == 401 || a.getKey() == 429);
        });
    }

    @BeanInject
    CamelContext context;

    @BeanInject
    ProducerTemplate template;

    MockEndpoint mock(String uri) {
        return context.getEndpoint(uri, MockEndpoint.class);
    }

    void answer(String uri, int status, String fixture) {
        mock(uri).whenAnyExchangeReceived(e -> respond(e, status, fixture, status < 300));
    }

    /** As Camel's http component: an answer outside the call's okStatusCodeRange is an HttpOperationFailedException. */
    static void respond(Exchange e, int status, String fixture, boolean ok) throws Exception {
        if (!ok) {
            throw new org.apache.camel.http.base.HttpOperationFailedException("http://stand-in", status, "", null, Map.of(),
                    Fixtures.text(fixture));
        }
        Fixtures.httpAnswer(status, fixture).process(e);
    }

    static CommandJob recap(String report) {
        return new CommandJob(1, "recap", WorkerServices.nextInteractionId(), "1318000000000000001", "tok",
                "1200000000000000001", "1200000000000000050", "1100000000000000777", null, null, null, Instant.now(), report);
    }

    JsonNode run(CommandJob job) throws Exception {
        String body = mapper.writeValueAsString(job);
        // a job that failed comes back failed (left for SQS's redelivery) after its error answer
        template.send("direct:command-job", e -> e.getMessage().setBody(body));
        List<Exchange> edits = mock("mock:discord").getReceivedExchanges();
        assertThat(edits).as("one edit of the deferred answer").hasSize(1);
        return mapper.readTree(sent(edits.getFirst()));
    }

    static String sent(Exchange e) throws Exception {
        Object body = e.getMessage().getBody();
        if (body instanceof HttpEntity entity) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            entity.writeTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
        return e.getMessage().getBody(String.class);
    }

    static JsonNode field(JsonNode embed, String name) {
        for (JsonNode f : embed.path("fields")) {
            if (f.path("name").asText().equals(name)) {
                return f.path("value");
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** Discord's limits, as it checks them. */
    static void withinDiscordsLimits(JsonNode embed) {
        assertThat(embed.path("title").asText().length()).isLessThanOrEqualTo(Embed.TITLE_MAX);
        assertThat(embed.path("description").asText().length()).isLessThanOrEqualTo(Embed.DESCRIPTION_MAX);
        assertThat(embed.path("fields").size()).isLessThanOrEqualTo(Embed.FIELDS_MAX);
        int total = embed.path("title").asText().length() + embed.path("description").asText().length()
                + embed.path("footer").path("text").asText().length();
        for (JsonNode f : embed.path("fields")) {
            assertThat(f.path("name").asText()).isNotBlank().hasSizeLessThanOrEqualTo(Embed.FIELD_NAME_MAX);
            assertThat(f.path("value").asText()).isNotBlank().hasSizeLessThanOrEqualTo(Embed.FIELD_VALUE_MAX);
            total += f.path("name").asText().length() + f.path("value").asText().length();
        }
        assertThat(total).isLessThanOrEqualTo(Embed.TOTAL_MAX);
    }

    @Test
    void theGuildsLatestReportIsRecappedInOneEdit() throws Exception {
        JsonNode edit = run(recap(null));
        Files.writeString(Path.of("target/recap-edit-example.json"), edit.toPrettyString()); // the README's example

        // token once (Basic auth, client credentials), then the guild's reports, then the newest report
        assertThat(mock("mock:wcl-oauth").getReceivedExchanges()).hasSize(1);
        Exchange token = mock("mock:wcl-oauth").getReceivedExchanges().getFirst();
        assertThat(token.getMessage().getHeader("Authorization", String.class)).isEqualTo("Basic dGVzdC1jbGllbnQ6dGVzdC1zZWNyZXQ=");
        assertThat(token.getMessage().getBody(String.class)).isEqualTo("grant_type=client_credentials");
        assertThat(graphqlRequests).hasSize(2);
        assertThat(graphqlRequests.get(0).path("variables").toString())
                .isEqualTo("{\"guildName\":\"Grove Wardens\",\"guildServerSlug\":\"dreamscythe\",\"guildServerRegion\":\"us\",\"limit\":5}");
        assertThat(graphqlRequests.get(1).at("/variables/code").asText()).isEqualTo(KARAZHAN);
        assertThat(graphqlRequests.get(1).path("query").asText())
                .contains("fights(killType: Encounters) { id encounterID name kill difficulty bossPercentage fightPercentage startTime endTime }")
                .contains("damageDone: table(dataType: DamageDone, killType: Encounters")
                .contains("deaths: table(dataType: Deaths, killType: Kills")
                .contains("rateLimitData { limitPerHour pointsSpentThisHour pointsResetIn }");
        assertThat(mock("mock:wcl-api").getReceivedExchanges().getLast().getMessage().getHeader("Authorization", String.class))
                .startsWith("Bearer eyJ0eXAiOiJKV1Qi");

        assertThat(edit.path("content").asText()).isEmpty();
        JsonNode embed = edit.path("embeds").path(0);
        assertThat(embed.path("title").asText()).isEqualTo("📜 Kara Tuesday — Karazhan");
        assertThat(embed.path("url").asText()).isEqualTo("https://fresh.warcraftlogs.com/reports/" + KARAZHAN);
        assertThat(embed.path("color").asInt()).isEqualTo(RecapMessage.COLOUR);
        assertThat(embed.path("description").asText())
                .startsWith("**Karazhan** · <t:1795568531:D> · <t:1795568531:t>–<t:1795575610:t> · 1 h 58 min\n")
                .contains("[Full report on Warcraft Logs](https://fresh.warcraftlogs.com/reports/" + KARAZHAN + ")")
                .contains("> Netherspite held out through three pulls, the best at 21 % — next week, saplings.");
        assertThat(field(embed, RecapMessage.BOSSES).asText()).isEqualTo(String.join("\n",
                "✅ **Attumen the Huntsman** — killed in 2:40",
                "✅ **Moroes** — killed in 2:31 · 2 wipes, best 18.7 %",
                "✅ **Maiden of Virtue** — killed in 2:05",
                "✅ **Opera Hall** — killed in 3:32",
                "✅ **The Curator** — killed in 3:04",
                "✅ **Shade of Aran** — killed in 4:11 · 1 wipe, best 9.9 %",
                "❌ **Netherspite** — 3 wipes, best 21.4 %"));
        assertThat(field(embed, RecapMessage.DAMAGE).asText())
                .startsWith("1. **Emberleaf** 2.49 M").contains("\n2. **Ashbark** 2.39 M").contains("\n3. **Rootgrip** 2.20 M")
                .contains(" DPS");
        assertThat(field(embed, RecapMessage.HEALING).asText())
                .startsWith("1. **Willowbend** 1.90 M").contains("\n2. **Oakheart** ").contains("\n3. **Mossbeard** ");
        assertThat(field(embed, RecapMessage.DEATHS).asText()).isEqualTo(String.join("\n",
                "**Ashbark** ×2 — Holy Wrath",
                "**Twig** ×2 — Melee",
                "**Emberleaf** ×1 — Flame Wreath",
                "**Fernshade** ×1 — Hateful Bolt",
                "**Thornwhisper** ×1 — Shadow Cleave"));
        assertThat(embed.path("footer").path("text").asText()).isEqualTo("Warcraft Logs report " + KARAZHAN);
        withinDiscordsLimits(embed);
    }

    @Test
    void aGivenReportIsRecappedWithoutListingTheGuildsReports() throws Exception {
        JsonNode edit = run(recap(KARAZHAN));
        assertThat(graphqlRequests).hasSize(1);
        assertThat(graphqlRequests.getFirst().at("/variables/code").asText()).isEqualTo(KARAZHAN);
        assertThat(edit.at("/embeds/0/title").asText()).isEqualTo("📜 Kara Tuesday — Karazhan");
    }

    @Test
    void aNightOfWipesOnlyShowsTheBestAttemptAndNoDeathsOnKills() throws Exception {
        JsonNode embed = run(recap("Qw3rTy8uIo0pAs1D")).path("embeds").path(0);
        assertThat(embed.path("title").asText()).isEqualTo("📜 Mag prog — Magtheridon's Lair");
        assertThat(field(embed, RecapMessage.BOSSES).asText()).isEqualTo("❌ **Magtheridon** — 4 wipes, best 23.9 %");
        assertThat(field(embed, RecapMessage.DEATHS).isMissingNode()).as("no kill, no deaths on kills").isTrue();
        assertThat(field(embed, RecapMessage.DAMAGE).asText()).startsWith("1. **Emberleaf**");
        withinDiscordsLimits(embed);
    }

    @Test
    void aReportTooBigForOneEmbedIsCutToWholeLinesInsideDiscordsLimits() throws Exception {
        // a weekend of four raids: 25 bosses, 40 players (alts swapped in), a long title with markdown in it
        JsonNode embed = run(recap("Zx9Cv8Bn7Mm6Ll5K")).path("embeds").path(0);
        withinDiscordsLimits(embed);
        assertThat(embed.path("title").asText()).startsWith("📜 SSC, TK, Hyjal and BT: the weekend marathon")
                .endsWith(" — Black Temple");
        String bosses = field(embed, RecapMessage.BOSSES).asText();
        assertThat(bosses).startsWith("✅ **Hydross the Unstable** — killed in ").containsPattern("\n…and \\d+ more$");
        assertThat(bosses.lines().filter(l -> !l.startsWith("…"))).allMatch(l -> l.matches("[✅❌] \\*\\*.+\\*\\* — .+"), "whole lines");
        String deaths = field(embed, RecapMessage.DEATHS).asText();
        assertThat(deaths).containsPattern("\n…and \\d+ more$");
        assertThat(deaths.lines().filter(l -> !l.startsWith("…"))).allMatch(l -> l.matches("\\*\\*.+\\*\\* ×\\d+ — .+"), "whole lines");
        // markdown in the title is shown as typed, not as formatting
        assertThat(embed.path("title").asText()).contains("\\[AFK\\]");
    }

    @Test
    void aForgedRecapJobWhoseReportIsNoReportCodeIsNeverRun() throws Exception {
        String body = mapper.writeValueAsString(recap("a1B2c3D4e5F6g7H8\",\"limit\":99999"));
        Exchange done = template.send("direct:command-job", e -> e.getMessage().setBody(body));
        assertThat(done.getException()).as("unreadable: left for the dead-letter queue").isNotNull();
        assertThat(mock("mock:wcl-api").getReceivedExchanges()).isEmpty();
        assertThat(mock("mock:discord").getReceivedExchanges()).isEmpty();
    }

    @Test
    void anUnknownOrPrivateReportIsAClearAnswer() throws Exception {
        JsonNode unknown = run(recap("Nn0Oo9Pp8Qq7Rr6S"));
        assertThat(unknown.path("content").asText())
                .isEqualTo("📜 Warcraft Logs has no report `Nn0Oo9Pp8Qq7Rr6S` on fresh.warcraftlogs.com. Check the code or the link (`…/reports/<code>`).");
        assertThat(unknown.path("embeds")).isEmpty();
        MockEndpoint.resetMocks(context);
        fixtures();
        JsonNode secret = run(recap("Pp1Rr2Ii3Vv4Aa5T"));
        assertThat(secret.path("content").asText()).contains("`Pp1Rr2Ii3Vv4Aa5T`").contains("is private");
        assertThat(mock("mock:gemini").getReceivedExchanges()).as("no summary of nothing").isEmpty();
    }

    @Test
    void rateLimitedTheCommandSaysWhenAndNoFurtherCallIsMadeUntilThen() throws Exception {
        wcl.put(KARAZHAN, Map.entry(429, "warcraftlogs/rate-limited-429.json"));
        JsonNode first = run(recap(KARAZHAN));
        long now = Instant.now().getEpochSecond();
        assertThat(first.path("content").asText())
                .startsWith("📜 This bot has spent its Warcraft Logs points for this hour. I can read reports again <t:");
        long at = Long.parseLong(first.path("content").asText().replaceAll(".*<t:(\\d+):R>.*", "$1"));
        assertThat(at).as("no Retry-After, no reading yet: the hour the points are counted in").isBetween(now + 3590, now + 3610);
        assertThat(mock("mock:wcl-api").getReceivedExchanges()).as("a 429 is an answer, not retried").hasSize(1);

        MockEndpoint.resetMocks(context);
        fixtures(); // Warcraft Logs would answer now, but the points have not been reset yet
        JsonNode second = run(recap(KARAZHAN));
        assertThat(second.path("content").asText()).startsWith("📜 This bot has spent its Warcraft Logs points");
        assertThat(mock("mock:wcl-api").getReceivedExchanges()).as("no call until pointsResetIn").isEmpty();
    }

    @Test
    void pointsTooFewForARecapAreSeenBeforeTheReportIsAskedFor() throws Exception {
        wcl.put("reports", Map.entry(200, "warcraftlogs/reports-guild-points-spent.json"));
        JsonNode edit = run(recap(null));
        long now = Instant.now().getEpochSecond();
        assertThat(edit.path("content").asText()).contains("(3597 of 3600)");
        long at = Long.parseLong(edit.path("content").asText().replaceAll(".*<t:(\\d+):R>.*", "$1"));
        assertThat(at).as("pointsResetIn: 1312 s").isBetween(now + 1300, now + 1320);
        assertThat(graphqlRequests).as("the reports only").hasSize(1);
    }

    @Test
    void noReportOfTheGuildIsSaid() throws Exception {
        wcl.put("reports", Map.entry(200, "warcraftlogs/reports-guild-none.json"));
        assertThat(run(recap(null)).path("content").asText())
                .isEqualTo("📜 Warcraft Logs lists no public report of **Grove Wardens** (dreamscythe, US) yet. "
                        + "Upload the raid's log, or give me one with `report:`.");
    }

    @Test
    void warcraftLogsDownIsRetriedThenTheErrorAnswer() throws Exception {
        wcl.put(KARAZHAN, Map.entry(503, "warcraftlogs/rate-limited-429.json"));
        JsonNode edit = run(recap(KARAZHAN));
        assertThat(mock("mock:wcl-api").getReceivedExchanges()).as("the call and its three retries").hasSize(4);
        assertThat(edit.path("content").asText()).contains("Something in the forest went wrong");
    }

    @Test
    void aTokenRevokedBeforeItsTimeIsRenewedOnce() throws Exception {
        run(recap(KARAZHAN)); // the token is cached now
        MockEndpoint.resetMocks(context);
        fixtures();
        int[] calls = {0};
        mock("mock:wcl-api").whenAnyExchangeReceived(e -> Fixtures.httpAnswer(calls[0]++ == 0 ? 401 : 200,
                calls[0] == 1 ? "warcraftlogs/oauth-invalid-client-401.json" : "warcraftlogs/report-karazhan.json").process(e));
        JsonNode edit = run(recap(KARAZHAN));
        assertThat(mock("mock:wcl-oauth").getReceivedExchanges()).as("a fresh token").hasSize(1);
        assertThat(edit.at("/embeds/0/title").asText()).isEqualTo("📜 Kara Tuesday — Karazhan");
    }

    @Test
    void aFailingGeminiNeverHoldsTheRecapBack() throws Exception {
        answer("mock:gemini", 500, "gemini/error-400-invalid-key.json");
        JsonNode embed = run(recap(KARAZHAN)).path("embeds").path(0);
        assertThat(embed.path("description").asText()).doesNotContain("\n> ");
        assertThat(field(embed, RecapMessage.BOSSES).asText()).contains("**Netherspite**");
    }

    // --- the automatic recap

    List<JsonNode> posts() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (Exchange e : mock("mock:discord-post").getReceivedExchanges()) {
            out.add(mapper.readTree(sent(e)));
        }
        return out;
    }

    @Test
    void aPollPostsEachSettledReportOnceWithItsNonceAndNoMentions() throws Exception {
        wcl.put("reports", Map.entry(200, "warcraftlogs/reports-guild.json"));
        wcl.put("Hh7Gg6Ff5Ee4Dd3C", Map.entry(200, "warcraftlogs/report-wipes-only.json"));
        wcl.put("Ss1Tt2Uu3Vv4Ww5X", Map.entry(200, "warcraftlogs/report-unknown.json"));
        template.sendBody("direct:recap-poll", null);
        List<JsonNode> posts = posts();
        assertThat(posts).as("the two readable reports").hasSize(2);
        JsonNode kara = posts.stream().filter(p -> p.path("nonce").asText().equals("recap-" + KARAZHAN)).findFirst().orElseThrow();
        assertThat(kara.path("enforce_nonce").asBoolean()).isTrue();
        assertThat(kara.path("allowed_mentions").toString()).isEqualTo("{\"parse\":[]}");
        assertThat(kara.at("/embeds/0/title").asText()).isEqualTo("📜 Kara Tuesday — Karazhan");
        Exchange post = mock("mock:discord-post").getReceivedExchanges().getFirst();
        assertThat(post.getMessage().getHeader("Authorization", String.class)).isEqualTo("Bot test-bot-token");

        template.sendBody("direct:recap-poll", null);
        template.sendBody("direct:recap-poll", null);
        assertThat(posts()).as("posted once per report, however many polls").hasSize(2);
    }

    @Test
    void aPostThatFailsIsGivenBackAndTheNextPollPostsIt() throws Exception {
        wcl.put("reports", Map.entry(200, "warcraftlogs/reports-guild.json"));
        wcl.put("Hh7Gg6Ff5Ee4Dd3C", Map.entry(200, "warcraftlogs/report-unknown.json"));
        wcl.put("Ss1Tt2Uu3Vv4Ww5X", Map.entry(200, "warcraftlogs/report-unknown.json"));
        answer("mock:discord-post", 503, "discord/rate-limited-429.json");
        try (treant.testing.LogLines jobs = treant.testing.LogLines.of(CommandJobs.class)) {
            template.sendBody("direct:recap-poll", null);
            assertThat(jobs.lines()).as("no command job's error path (it would call this an unreadable job)").isEmpty();
        }
        assertThat(mock("mock:discord-post").getReceivedExchanges()).as("the post and its three retries").hasSize(4);
        assertThat(mock("mock:discord").getReceivedExchanges()).as("no interaction to answer").isEmpty();

        MockEndpoint.resetMocks(context);
        fixtures();
        wcl.put("Hh7Gg6Ff5Ee4Dd3C", Map.entry(200, "warcraftlogs/report-unknown.json"));
        wcl.put("Ss1Tt2Uu3Vv4Ww5X", Map.entry(200, "warcraftlogs/report-unknown.json"));
        template.sendBody("direct:recap-poll", null);
        assertThat(posts()).hasSize(1);
        assertThat(posts().getFirst().path("nonce").asText()).isEqualTo("recap-" + KARAZHAN);
    }
}
