package treant.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import treant.discord.MessageEdit;
import treant.jobs.CommandJob;

/**
 * The one edit of the deferred answer: {@code PATCH {api}/webhooks/{app}/{token}/messages/@original},
 * JSON, or multipart ({@code payload_json} + {@code files[0]}) when a file goes with it.
 */
public final class DiscordWebhook {

    private static final Logger LOG = LoggerFactory.getLogger(DiscordWebhook.class);

    /** An exchange property holding a {@link DiscordFile} to upload with {@link JobKeys#EDIT}. */
    public static final String FILE = "treantEditFile";

    private final String apiUrl;
    private final ObjectMapper mapper;
    private final long maxRetryAfterMillis;

    public DiscordWebhook(String apiUrl, ObjectMapper mapper, long maxRetryAfterMillis) {
        this.apiUrl = HttpCall.trimSlash(apiUrl);
        this.mapper = mapper;
        this.maxRetryAfterMillis = maxRetryAfterMillis;
    }

    public record DiscordFile(String filename, String contentType, byte[] bytes) {}

    /** Processor: {@link JobKeys#EDIT} (+ {@link #FILE}) → the PATCH request. */
    public void prepareEdit(Exchange exchange) throws Exception {
        CommandJob job = exchange.getProperty(JobKeys.JOB, CommandJob.class);
        MessageEdit edit = exchange.getProperty(JobKeys.EDIT, MessageEdit.class);
        DiscordFile file = exchange.getProperty(FILE, DiscordFile.class);
        Message m = HttpCall.request(exchange, "PATCH", editUrl(job));
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

    String editUrl(CommandJob job) {
        return apiUrl + "/webhooks/" + job.applicationId() + "/" + job.token() + "/messages/@original";
    }

    /**
     * Error-handler hook, run when an outbound call failed and before the redelivery delay is chosen:
     * a 429 that says how long to wait ({@code retry_after} seconds in Discord's body, or the
     * {@code Retry-After} header) sets Camel's per-exchange redelivery delay; anything else leaves
     * the exponential backoff of the redelivery policy.
     */
    public void delayFromRetryAfter(Exchange exchange) {
        exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (e == null) {
            e = exchange.getException();
        }
        if (!(e instanceof HttpOperationFailedException failed) || failed.getStatusCode() != 429) {
            return;
        }
        double seconds = -1;
        try {
            JsonNode body = mapper.readTree(failed.getResponseBody() == null ? "{}" : failed.getResponseBody());
            seconds = body.path("retry_after").asDouble(-1);
        } catch (Exception notJson) {
            // fall through to the header
        }
        if (seconds < 0 && failed.getResponseHeaders() != null) {
            String header = failed.getResponseHeaders().entrySet().stream()
                    .filter(h -> h.getKey().equalsIgnoreCase("Retry-After")).map(h -> h.getValue())
                    .findFirst().orElse(null);
            try {
                seconds = header == null ? -1 : Double.parseDouble(header.trim());
            } catch (NumberFormatException httpDate) {
                seconds = -1;
            }
        }
        if (seconds >= 0) {
            long millis = Math.min(maxRetryAfterMillis, (long) Math.ceil(seconds * 1000));
            LOG.info("{} answered 429, retrying after {} ms", failed.getUri() == null ? "service" : hostOf(failed.getUri()), millis);
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, millis);
        }
    }

    /** Logs must not carry the interaction token that sits in the webhook path. */
    static String hostOf(String uri) {
        int start = uri.indexOf("://");
        int end = uri.indexOf('/', start < 0 ? 0 : start + 3);
        return end < 0 ? uri : uri.substring(0, end);
    }
}
