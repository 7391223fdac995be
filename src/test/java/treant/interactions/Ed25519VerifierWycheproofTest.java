package treant.interactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Project Wycheproof's Ed25519 vectors: every valid one verifies, every invalid one does not. */
class Ed25519VerifierWycheproofTest {

    record Vector(int id, String comment, String publicKey, byte[] msg, byte[] sig, boolean valid) {}

    static List<Vector> vectors() throws Exception {
        try (InputStream in = Ed25519VerifierWycheproofTest.class.getResourceAsStream("/fixtures/wycheproof-ed25519_test.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Vector> out = new ArrayList<>();
            HexFormat hex = HexFormat.of();
            for (JsonNode group : root.get("testGroups")) {
                String pk = group.get("publicKey").get("pk").asText();
                for (JsonNode t : group.get("tests")) {
                    out.add(new Vector(t.get("tcId").asInt(), t.get("comment").asText(), pk,
                            hex.parseHex(t.get("msg").asText()), hex.parseHex(t.get("sig").asText()),
                            "valid".equals(t.get("result").asText())));
                }
            }
            return out;
        }
    }

    @Test
    void theFileHasAll151Vectors() throws Exception {
        assertThat(vectors()).hasSize(151);
        assertThat(vectors()).anyMatch(Vector::valid).anyMatch(v -> !v.valid());
    }

    @TestFactory
    Stream<DynamicTest> everyVectorGetsItsExpectedResult() throws Exception {
        return vectors().stream().map(v -> DynamicTest.dynamicTest(
                "tc" + v.id() + " " + (v.valid() ? "valid" : "invalid") + " " + v.comment(),
                () -> assertThat(Ed25519Verifier.fromHex(v.publicKey()).verify(v.msg(), v.sig()))
                        .as("tcId %d (%s)", v.id(), v.comment())
                        .isEqualTo(v.valid())));
    }
}
