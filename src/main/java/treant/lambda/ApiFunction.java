package treant.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.camel.Exchange;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import treant.discord.InteractionResponse;

/**
 * The api role behind API Gateway (HTTP API, payload format 2.0): each event's body and signature
 * headers go to {@code direct:interaction}, its answer comes back as the HTTP response.
 */
public final class ApiFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, Resource {

    private static final Logger LOG = LoggerFactory.getLogger(ApiFunction.class);
    static final String SIGNATURE = "X-Signature-Ed25519";
    static final String TIMESTAMP = "X-Signature-Timestamp";
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private final LambdaCamel camel;
    /** The HTTP door's limit (camel.server.max-body-size); API Gateway's own is 10 MB. */
    private final int maxBodyBytes;

    public ApiFunction() {
        camel = LambdaCamel.start("api");
        maxBodyBytes = Integer.parseInt(camel.property("treant.http.max-body-bytes"));
        Core.getGlobalContext().register(this);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context lambda) {
        try {
            byte[] body = body(event);
            if (body == null) {
                return error(400, "malformed base64 body");
            }
            if (body.length > maxBodyBytes) {
                return error(413, "request body too large");
            }
            Map<String, String> headers = event == null ? null : event.getHeaders();
            Exchange answer = camel.send("direct:interaction", exchange -> {
                exchange.getMessage().setBody(body);
                exchange.getMessage().setHeader(SIGNATURE, header(headers, SIGNATURE));
                exchange.getMessage().setHeader(TIMESTAMP, header(headers, TIMESTAMP));
            });
            if (answer.getException() != null) {
                throw answer.getException();
            }
            Integer status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            String type = answer.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(status == null ? 200 : status)
                    .withHeaders(type == null ? Map.of() : Map.of("Content-Type", type))
                    .withBody(answer.getMessage().getBody(String.class))
                    .withIsBase64Encoded(false)
                    .build();
        } catch (Exception e) {
            // the route answers every failure it knows; this is a bug or Camel stopping
            LOG.warn("interaction not handled", e);
            return error(500, "internal error");
        }
    }

    void close() {
        camel.stop();
    }

    /** The raw body bytes (the signature covers them exactly); null when base64 does not decode. */
    private static byte[] body(APIGatewayV2HTTPEvent event) {
        String body = event == null ? null : event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (!event.getIsBase64Encoded()) {
            return body.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** API Gateway lower-cases header names, a test or another proxy may not: any case. */
    static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        String exact = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (name.equalsIgnoreCase(h.getKey())) {
                return h.getValue();
            }
        }
        return null;
    }

    private static APIGatewayV2HTTPResponse error(int status, String message) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(JSON)
                .withBody("{\"error\":\"" + message + "\"}").withIsBase64Encoded(false).build();
    }

    /**
     * SnapStart priming: run the request path once so the snapshot holds its classes loaded and
     * linked. Only the configured application key can sign a PING the route accepts, and Lambda has
     * no private key for it, so the PING here is signed by a fixed throwaway key: the signature is
     * well-formed and fresh, so the full Ed25519 verification runs and fails (401), warming the
     * handler, the route and its error answer. The parse and the pong answer, which a rejected
     * request does not reach, are warmed by calling them directly. No command is primed: those send
     * jobs to SQS, and a snapshot must not put work on the real queues.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) throws Exception {
        APIGatewayV2HTTPResponse rejected = handleRequest(throwawaySignedPing(), null);
        if (rejected.getStatusCode() != 401) {
            LOG.warn("priming PING answered {} (expected 401)", rejected.getStatusCode());
        }
        camel.send("direct:api-reply", exchange -> exchange.getMessage().setBody(InteractionResponse.pong()));
        Exchange parsed = camel.send("bean:parseInteraction",
                exchange -> exchange.getMessage().setBody(PING));
        if (parsed.getException() != null) {
            LOG.warn("priming parse failed: {}", parsed.getException().toString());
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        camel.afterRestore();
    }

    private static final byte[] PING = "{\"type\":1,\"id\":\"1\",\"application_id\":\"1\",\"token\":\"priming\",\"version\":1}"
            .getBytes(StandardCharsets.UTF_8);

    /** Signed with the JDK's Ed25519 (the functions' artifact keeps only Bouncy Castle's verification). */
    static APIGatewayV2HTTPEvent throwawaySignedPing() {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        byte[] signature;
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, new byte[32])));
            signer.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            signer.update(PING);
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-signature-ed25519", HexFormat.of().formatHex(signature));
        headers.put("x-signature-timestamp", timestamp);
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setHeaders(headers);
        event.setBody(new String(PING, StandardCharsets.UTF_8));
        event.setIsBase64Encoded(false);
        return event;
    }
}
