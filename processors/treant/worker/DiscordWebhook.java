package treant.worker;

import treant.Keys;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import treant.discord.MessageEdit;

/**
 * The body of the one edit of the deferred answer ({@code PATCH …/messages/@original}, a step of
 * {@code routes/worker/worker-errors.camel.yaml}): JSON, or multipart ({@code payload_json} + {@code files[0]})
 * when a file goes with it.
 */
public final class DiscordWebhook {

    private final ObjectMapper mapper;

    public DiscordWebhook(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public record DiscordFile(String filename, String contentType, byte[] bytes) {}

    /** {@link Keys#EDIT} (+ {@link Keys#EDIT_FILE}) → the PATCH request's body and Content-Type. */
    public void editBody(Exchange exchange) throws Exception {
        MessageEdit edit = exchange.getProperty(Keys.EDIT, MessageEdit.class);
        DiscordFile file = exchange.getProperty(Keys.EDIT_FILE, DiscordFile.class);
        Message m = exchange.getMessage();
        byte[] json = mapper.writeValueAsBytes(edit);
        if (file == null) {
            m.setHeader(Exchange.CONTENT_TYPE, "application/json");
            m.setBody(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
        } else {
            // byte-array parts make the entity repeatable, so a redelivery after 429 can send it again
            m.setBody(MultipartEntityBuilder.create()
                    .addBinaryBody("payload_json", json, ContentType.APPLICATION_JSON, null)
                    .addBinaryBody("files[0]", file.bytes(), ContentType.create(file.contentType()), file.filename())
                    .build());
        }
    }
}
