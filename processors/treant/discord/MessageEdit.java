package treant.discord;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The body of {@code PATCH /webhooks/{app}/{token}/messages/@original}. An empty embed list
 * replaces whatever the message showed before; {@code attachments} names the uploaded files
 * ({@code files[n]} parts of a multipart request) that embeds refer to as {@code attachment://name}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageEdit(String content, List<Embed> embeds, List<Attachment> attachments) {

    public record Attachment(int id, String filename) {}

    public static MessageEdit text(String content) {
        return new MessageEdit(content, List.of(), null);
    }
}
