package treant.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import org.apache.camel.Exchange;

/**
 * An OAuth client-credentials token (Battle.net, Warcraft Logs): cached for the whole process until
 * 60 s before it expires, shared by all jobs, and put into one exchange property for the calls. The
 * token request itself (method, URL, body) is a step of the caller's route.
 */
public final class ClientCredentials {

    /** Renew this long before the token expires, so no request carries a token that dies on the way. */
    static final long EXPIRY_MARGIN_SECONDS = 60;

    private final String basicAuth;
    private final String property;
    private final String service;
    private final ObjectMapper mapper;
    private final Clock clock;

    private record Token(String value, Instant renewAt) {}

    private volatile Token token;

    /**
     * @param property the exchange property that carries the token
     * @param service  who issues it, for the error message
     */
    public ClientCredentials(String clientId, String clientSecret, String property, String service, ObjectMapper mapper,
                             Clock clock) {
        this.basicAuth = "Basic " + Base64.getEncoder()
                .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        this.property = property;
        this.service = service;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** The token request's {@code Authorization} header (client id and secret, HTTP Basic). */
    public String basicAuthorization() {
        return basicAuth;
    }

    /** Puts a still-valid cached token into the property, or removes it. */
    public void useCachedToken(Exchange exchange) {
        Token t = token;
        if (t != null && clock.instant().isBefore(t.renewAt())) {
            exchange.setProperty(property, t.value());
        } else {
            exchange.removeProperty(property);
        }
    }

    /** Reads the token answer (body), caches it and puts it into the property. */
    public void rememberToken(Exchange exchange) throws Exception {
        JsonNode answer = mapper.readTree(exchange.getMessage().getBody(String.class));
        String value = answer.path("access_token").asText("");
        if (value.isEmpty()) {
            throw new IllegalStateException(service + " token answer has no access_token");
        }
        long lifetime = answer.path("expires_in").asLong(0);
        token = new Token(value, clock.instant().plusSeconds(Math.max(0, lifetime - EXPIRY_MARGIN_SECONDS)));
        exchange.setProperty(property, value);
    }

    /** Drops the cached token (the service answered 401 with it). */
    public void forgetToken(Exchange exchange) {
        token = null;
        exchange.removeProperty(property);
    }
}
