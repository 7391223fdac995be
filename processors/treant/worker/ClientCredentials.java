package treant.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An OAuth client-credentials token (Battle.net, Warcraft Logs): cached for the whole process until
 * 60 s before it expires, shared by all jobs. The connectors ({@code routes/connectors/blizzard-get},
 * {@code warcraftlogs-query}) carry it as their {@code Authorization} header ({@link #cachedBearer},
 * {@link #rememberBearer}); the token request itself (method, URL, body) is their step.
 */
public final class ClientCredentials {

    /** Renew this long before the token expires, so no request carries a token that dies on the way. */
    static final long EXPIRY_MARGIN_SECONDS = 60;

    private final String basicAuth;
    private final String service;
    private final ObjectMapper mapper;
    private final Clock clock;

    private record Token(String value, Instant renewAt) {}

    private volatile Token token;
    /** The token request under way, which other callers wait for (guarded by this). */
    private CompletableFuture<String> fetching;

    /** The longest a token request takes (one call, treant.http-client.call-timeout-ms). */
    static final Duration FETCH_WAIT = Duration.ofSeconds(15);

    /** @param service who issues it, for the error message */
    public ClientCredentials(String clientId, String clientSecret, String service, ObjectMapper mapper, Clock clock) {
        this.basicAuth = "Basic " + Base64.getEncoder()
                .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        this.service = service;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** The token request's {@code Authorization} header (client id and secret, HTTP Basic). */
    public String basicAuthorization() {
        return basicAuth;
    }

    /**
     * {@code Bearer <token>} while the cached token is valid. Else null to one caller, which requests a
     * token ({@link #rememberBearer}); the callers meanwhile (the judge's four parallel calls) wait for
     * its answer rather than each asking for a token of their own, at most {@link #FETCH_WAIT} (then
     * null: they ask themselves).
     */
    public String cachedBearer() {
        CompletableFuture<String> pending;
        synchronized (this) {
            Token t = token;
            if (t != null && clock.instant().isBefore(t.renewAt())) {
                return "Bearer " + t.value();
            }
            if (fetching == null || fetching.isDone()) {
                fetching = new CompletableFuture<>();
                return null;
            }
            pending = fetching;
        }
        try {
            return "Bearer " + pending.get(FETCH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    /** Reads the token answer, caches it: {@code Bearer <token>}. */
    public String rememberBearer(String answer) throws Exception {
        String value = remember(answer);
        CompletableFuture<String> pending;
        synchronized (this) {
            pending = fetching;
        }
        if (pending != null) {
            pending.complete(value);
        }
        return "Bearer " + value;
    }

    /** Drops the cached token (the service answered 401 with it). */
    public void forget() {
        token = null;
    }

    private String remember(String body) throws Exception {
        JsonNode answer = mapper.readTree(body);
        String value = answer.path("access_token").asText("");
        if (value.isEmpty()) {
            throw new IllegalStateException(service + " token answer has no access_token");
        }
        long lifetime = answer.path("expires_in").asLong(0);
        token = new Token(value, clock.instant().plusSeconds(Math.max(0, lifetime - EXPIRY_MARGIN_SECONDS)));
        return value;
    }
}
