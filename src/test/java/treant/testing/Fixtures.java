package treant.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import treant.Json;
import treant.discord.Interaction;

/** The realistic payloads of the outside services under src/test/resources/fixtures. */
public final class Fixtures {

    public static final ObjectMapper MAPPER = Json.newMapper();

    private Fixtures() {}

    public static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stand-in for an HTTP call (a mock's or an advised step's answer): the fixture as body, with that status. */
    public static org.apache.camel.Processor httpAnswer(int status, String path) {
        return e -> {
            e.getMessage().setBody(text(path));
            e.getMessage().setHeader(org.apache.camel.Exchange.HTTP_RESPONSE_CODE, status);
        };
    }

    public static String text(String path) {
        return new String(bytes(path), java.nio.charset.StandardCharsets.UTF_8);
    }

    public static Interaction interaction(String name) {
        try {
            return MAPPER.readValue(bytes("discord/" + name + ".json"), Interaction.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Discord fixture as an editable tree, e.g. to change an option or the interaction id. */
    public static ObjectNode tree(String name) {
        try {
            return (ObjectNode) MAPPER.readTree(bytes("discord/" + name + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first option of the fixture's subcommand, to edit its value. */
    public static ObjectNode firstOption(ObjectNode interaction) {
        return (ObjectNode) interaction.path("data").path("options").get(0).path("options").get(0);
    }

    public static byte[] toBytes(Object tree) {
        try {
            return MAPPER.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Interaction parse(ObjectNode tree) {
        return MAPPER.convertValue(tree, Interaction.class);
    }
}
