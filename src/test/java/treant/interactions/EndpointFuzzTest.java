package treant.interactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import treant.testing.ApiUnderTest;
import treant.testing.DiscordSigner;
import treant.testing.Fixtures;
import treant.testing.LocalSqs;
import treant.testing.SignedClient;

/**
 * Random bodies and headers against the running endpoint (real HTTP, real ElasticMQ): never a
 * 5xx, and nothing reaches a queue without a valid signature.
 */
class EndpointFuzzTest {

    static ApiUnderTest api;
    static LocalSqs sqs;
    static SignedClient discord;
    static final List<String> FIXTURES = List.of("ping", "pun", "bare-treant", "speak", "speak-dm", "gold", "judge");

    @BeforeContainer
    static void start() throws Exception {
        api = ApiUnderTest.start();
        sqs = api.sqs;
        discord = api.discord;
    }

    @AfterContainer
    static void stop() throws Exception {
        api.close();
    }

    record Headers(String signature, String timestamp) {}

    @Property(tries = 150)
    void withoutAValidSignatureNothingIsQueuedAndTheAnswerIs401(@ForAll("bodies") byte[] body,
                                                                 @ForAll("forgedHeaders") Headers headers) throws Exception {
        int before = sqs.depth(LocalSqs.COMMANDS) + sqs.depth(LocalSqs.VOICE);
        HttpResponse<String> r = discord.send(body, headers.signature(), headers.timestamp());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(sqs.depth(LocalSqs.COMMANDS) + sqs.depth(LocalSqs.VOICE)).isEqualTo(before);
    }

    @Property(tries = 150)
    void signedRandomBodiesNeverGetA5xx(@ForAll("bodies") byte[] body) throws Exception {
        HttpResponse<String> r = discord.send(body);
        assertThat(r.statusCode()).isIn(200, 400);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        JsonNode answer = Fixtures.MAPPER.readTree(r.body());
        if (r.statusCode() == 200) {
            assertThat(answer.get("type").asInt()).isIn(1, 4, 5);
        } else {
            assertThat(answer.get("error").asText()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
        Arbitrary<byte[]> text = Arbitraries.strings().ofMaxLength(300).map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.of(FIXTURES), Arbitraries.of(MutablePath.values()),
                jsonValues()).as((fixture, path, value) -> {
                    ObjectNode tree = Fixtures.tree(fixture);
                    path.set(tree, value);
                    return Fixtures.toBytes(tree);
                });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, noise), net.jqwik.api.Tuple.of(1, text), net.jqwik.api.Tuple.of(4, mutated));
    }

    @Provide
    Arbitrary<Headers> forgedHeaders() {
        Arbitrary<String> signature = Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(128),
                Arbitraries.strings().ascii().ofMaxLength(140),
                Arbitraries.just(new DiscordSigner().sign(DiscordSigner.now(), new byte[0])));
        Arbitrary<String> timestamp = Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.just(DiscordSigner.now()),
                Arbitraries.longs().map(l -> Long.toString(l)),
                Arbitraries.strings().ascii().ofMaxLength(20));
        return Combinators.combine(signature, timestamp).as(Headers::new)
                .filter(h -> h.signature() == null || h.signature().chars().noneMatch(c -> c < 0x20 || c == 0x7f))
                .filter(h -> h.timestamp() == null || h.timestamp().chars().noneMatch(c -> c < 0x20 || c == 0x7f));
    }

    static Arbitrary<JsonNode> jsonValues() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return Arbitraries.oneOf(
                Arbitraries.just(f.nullNode()),
                Arbitraries.strings().ofMaxLength(40).map(f::textNode),
                Arbitraries.strings().ofMinLength(990).ofMaxLength(1100).map(f::textNode),
                Arbitraries.integers().map(f::numberNode),
                Arbitraries.longs().map(f::numberNode),
                Arbitraries.doubles().map(f::numberNode),
                Arbitraries.of(true, false).map(f::booleanNode),
                Arbitraries.just(f.arrayNode()),
                Arbitraries.just(f.objectNode()));
    }

    /** Places in an interaction where a hostile or buggy sender could put anything. */
    enum MutablePath {
        TYPE, ID, DATA, DATA_NAME, SUBCOMMAND, SUBCOMMAND_TYPE, OPTIONS, OPTION_VALUE, GUILD, MEMBER, USER;

        void set(ObjectNode root, JsonNode value) {
            ObjectNode data = root.has("data") && root.get("data").isObject() ? (ObjectNode) root.get("data") : null;
            JsonNode firstOption = data == null ? null : data.path("options").path(0);
            switch (this) {
                case TYPE -> root.set("type", value);
                case ID -> root.set("id", value);
                case DATA -> root.set("data", value);
                case DATA_NAME -> { if (data != null) data.set("name", value); }
                case SUBCOMMAND -> { if (firstOption instanceof ObjectNode o) o.set("name", value); }
                case SUBCOMMAND_TYPE -> { if (firstOption instanceof ObjectNode o) o.set("type", value); }
                case OPTIONS -> { if (data != null) data.set("options", value); }
                case OPTION_VALUE -> {
                    if (firstOption instanceof ObjectNode o && o.path("options").path(0) instanceof ObjectNode opt) {
                        opt.set("value", value);
                    } else if (firstOption instanceof ObjectNode o && o.path("options") instanceof ArrayNode a) {
                        a.addObject().put("name", "text").put("type", 3).set("value", value);
                    }
                }
                case GUILD -> root.set("guild_id", value);
                case MEMBER -> root.set("member", value);
                case USER -> root.set("user", value);
            }
        }
    }
}
