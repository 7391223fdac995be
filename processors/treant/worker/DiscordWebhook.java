package treant.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import treant.discord.MessageEdit;

/**
 * The body of the one edit of the deferred answer ({@code PATCH …/messages/@original}, the connector
 * {@code routes/connectors/discord-edit}): JSON, or multipart ({@code payload_json} + {@code files[0]})
 * when a file goes with it.
 */
public final class DiscordWebhook {

    private final ObjectMapper mapper;

    public DiscordWebhook(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public record DiscordFile(String filename, String contentType, byte[] bytes) {}

    /** An edit with a file its embeds show ({@code attachment://name}): the gold chart. */
    public record EditWithFile(MessageEdit edit, DiscordFile file) {}

    /** A {@link MessageEdit} or an {@link EditWithFile} → the PATCH request's body (its Content-Type with it). */
    public HttpEntity editBody(Object edit) throws Exception {
        if (!(edit instanceof EditWithFile withFile)) {
            return new ByteArrayEntity(mapper.writeValueAsBytes((MessageEdit) edit), ContentType.APPLICATION_JSON);
        }
        DiscordFile file = withFile.file();
        // byte-array parts make the entity repeatable, so a redelivery after 429 can send it again
        return MultipartEntityBuilder.create()
                .addBinaryBody("payload_json", mapper.writeValueAsBytes(withFile.edit()), ContentType.APPLICATION_JSON, null)
                .addBinaryBody("files[0]", file.bytes(), ContentType.create(file.contentType()), file.filename())
                .build();
    }
}
