package treant.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How long to wait before retrying a call that was answered 429 (the worker's error handler asks). */
public final class RetryAfterDelay implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RetryAfterDelay.class);

    private final ObjectMapper mapper;
    private final long maxRetryAfterMillis;

    public RetryAfterDelay(ObjectMapper mapper, long maxRetryAfterSeconds) {
        this.mapper = mapper;
        this.maxRetryAfterMillis = 1000 * maxRetryAfterSeconds;
    }

    /**
     * Error-handler hook, run when an outbound call failed and before the redelivery delay is chosen:
     * a 429 that says how long to wait ({@code retry_after} seconds in Discord's body, or the
     * {@code Retry-After} header) sets Camel's per-exchange redelivery delay; anything else leaves
     * the exponential backoff of the redelivery policy.
     */
    @Override
    public void process(Exchange exchange) {
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
