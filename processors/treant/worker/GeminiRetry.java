package treant.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import treant.Keys;

/**
 * Whether and when a failed Gemini call is tried again (the {@code worker-ai} error handler asks):
 * 5xx and a plain 429 after {@code treant.gemini.retry-delay-ms}; a 429 with {@code RetryInfo}
 * after its {@code retryDelay}, but only when that still fits the critique's budget
 * ({@code treant.gemini.total-timeout-ms}); a per-day quota never (it will not recover today).
 */
public final class GeminiRetry implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(GeminiRetry.class);
    /** What the retried call itself needs inside the budget. */
    static final long ANSWER_ROOM_MS = 2000;

    private final ObjectMapper mapper;
    private final int maxRedeliveries;
    private final long totalBudgetMs;
    private final Clock clock;

    public GeminiRetry(ObjectMapper mapper, int maxRedeliveries, long totalBudgetMs, Clock clock) {
        this.mapper = mapper;
        this.maxRedeliveries = maxRedeliveries;
        this.totalBudgetMs = totalBudgetMs;
        this.clock = clock;
    }

    /** The connector's first step ({@code gemini-generate}): the critique's budget starts with its call. */
    public void start(Exchange exchange) {
        exchange.setProperty(Keys.GEMINI_STARTED_AT, clock.millis());
    }

    /** The error handler's {@code retryWhile}. */
    public boolean shouldRetry(Exchange exchange) {
        // the error handler has counted the redelivery it is asking about: 1 before the first retry
        int next = Math.max(1, exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class));
        HttpOperationFailedException http = httpFailure(failure(exchange));
        if (http == null || next > maxRedeliveries) {
            return false;
        }
        int status = http.getStatusCode();
        if (status >= 500) {
            return true;
        }
        if (status != 429 || isDailyQuota(mapper, http)) {
            return false;
        }
        Duration delay = retryDelay(mapper, http);
        if (delay == null) {
            return true;
        }
        long started = exchange.getProperty(Keys.GEMINI_STARTED_AT, clock.millis(), Long.class);
        long elapsed = clock.millis() - started;
        boolean fits = elapsed + delay.toMillis() + ANSWER_ROOM_MS <= totalBudgetMs;
        if (!fits) {
            LOG.info("Gemini asks to retry in {} s, beyond the critique's budget ({} ms): not retried",
                    delay.toSeconds(), totalBudgetMs);
        }
        return fits;
    }

    /** The error handler's {@code onExceptionOccurred}: a 429's {@code retryDelay} becomes the redelivery delay. */
    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
        HttpOperationFailedException http = httpFailure(failure(exchange));
        if (http != null && http.getStatusCode() == 429) {
            Duration delay = retryDelay(mapper, http);
            if (delay != null) {
                exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, delay.toMillis());
            }
        }
    }

    private static Throwable failure(Exchange exchange) {
        Throwable e = exchange.getException();
        return e != null ? e : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    static HttpOperationFailedException httpFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return http;
            }
        }
        return null;
    }

    /** A {@code QuotaFailure} violation whose quota id counts per day. */
    static boolean isDailyQuota(ObjectMapper mapper, HttpOperationFailedException http) {
        for (JsonNode detail : details(mapper, http)) {
            if (detail.path("@type").asText().endsWith("google.rpc.QuotaFailure")) {
                for (JsonNode violation : detail.path("violations")) {
                    if (violation.path("quotaId").asText().contains("PerDay")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** {@code RetryInfo.retryDelay} ("37s", "1.5s"), or null. */
    static Duration retryDelay(ObjectMapper mapper, HttpOperationFailedException http) {
        for (JsonNode detail : details(mapper, http)) {
            if (detail.path("@type").asText().endsWith("google.rpc.RetryInfo")) {
                String delay = detail.path("retryDelay").asText("");
                if (delay.matches("\\d+(\\.\\d+)?s")) {
                    return Duration.ofMillis((long) Math.ceil(Double.parseDouble(delay.substring(0, delay.length() - 1)) * 1000));
                }
            }
        }
        return null;
    }

    private static JsonNode details(ObjectMapper mapper, HttpOperationFailedException http) {
        try {
            return mapper.readTree(http.getResponseBody() == null ? "{}" : http.getResponseBody()).path("error").path("details");
        } catch (Exception notJson) {
            return mapper.createArrayNode();
        }
    }
}
