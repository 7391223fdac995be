package treant.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import treant.testing.DiscordSigner;

/** Events as the Lambda service delivers them: API Gateway HTTP API (payload 2.0) and SQS, as JSON. */
public final class LambdaEvents {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private LambdaEvents() {}

    /** A signed interaction as API Gateway passes it on: header names lower-cased. */
    public static String signedInteraction(DiscordSigner signer, byte[] body) {
        String ts = DiscordSigner.now();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-signature-ed25519", signer.sign(ts, body));
        headers.put("x-signature-timestamp", ts);
        return apiEvent(headers, new String(body, StandardCharsets.UTF_8), false);
    }

    public static String apiEvent(Map<String, String> headers, String body, boolean base64) {
        ObjectNode e = MAPPER.createObjectNode();
        e.put("version", "2.0");
        e.put("routeKey", "POST /interactions");
        e.put("rawPath", "/interactions");
        e.put("rawQueryString", "");
        ObjectNode h = e.putObject("headers");
        h.put("content-type", "application/json");
        h.put("host", "abc123.execute-api.us-east-1.amazonaws.com");
        h.put("user-agent", "Discord-Interactions/1.0 (+https://discord.com)");
        headers.forEach(h::put);
        ObjectNode ctx = e.putObject("requestContext");
        ctx.put("accountId", "000000000000");
        ctx.put("apiId", "abc123");
        ctx.put("domainName", "abc123.execute-api.us-east-1.amazonaws.com");
        ctx.put("requestId", "req-" + System.nanoTime());
        ctx.put("routeKey", "POST /interactions");
        ctx.put("stage", "$default");
        ctx.put("timeEpoch", System.currentTimeMillis());
        ObjectNode http = ctx.putObject("http");
        http.put("method", "POST");
        http.put("path", "/interactions");
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "162.159.128.1");
        http.put("userAgent", "Discord-Interactions/1.0 (+https://discord.com)");
        e.put("body", body);
        e.put("isBase64Encoded", base64);
        return e.toString();
    }

    public static String base64(byte[] body) {
        return Base64.getEncoder().encodeToString(body);
    }

    /** Mixed-case header names, as a proxy other than API Gateway might pass them. */
    public static Map<String, String> mixedCase(DiscordSigner signer, String ts, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Signature-Ed25519", signer.sign(ts, body));
        headers.put("x-Signature-TIMESTAMP", ts);
        return headers;
    }

    /** An SQS event: (messageId, body) pairs. */
    public static String sqsEvent(String queue, List<Map.Entry<String, String>> records) {
        ObjectNode e = MAPPER.createObjectNode();
        var array = e.putArray("Records");
        for (Map.Entry<String, String> r : records) {
            ObjectNode m = array.addObject();
            m.put("messageId", r.getKey());
            m.put("receiptHandle", "handle-" + r.getKey());
            m.put("body", r.getValue());
            ObjectNode attrs = m.putObject("attributes");
            attrs.put("ApproximateReceiveCount", "1");
            attrs.put("SentTimestamp", Long.toString(System.currentTimeMillis()));
            m.putObject("messageAttributes");
            m.put("md5OfBody", "");
            m.put("eventSource", "aws:sqs");
            m.put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:" + queue);
            m.put("awsRegion", "us-east-1");
        }
        return e.toString();
    }

    /**
     * The event Lambda's event source mapping builds from messages it received: real receipt handles
     * and receive counts, so the function's visibility changes reach the queue.
     */
    public static String sqsEventOf(String queue, List<software.amazon.awssdk.services.sqs.model.Message> received) {
        ObjectNode e = MAPPER.createObjectNode();
        var array = e.putArray("Records");
        for (software.amazon.awssdk.services.sqs.model.Message r : received) {
            ObjectNode m = array.addObject();
            m.put("messageId", r.messageId());
            m.put("receiptHandle", r.receiptHandle());
            m.put("body", r.body());
            ObjectNode attrs = m.putObject("attributes");
            r.attributesAsStrings().forEach(attrs::put);
            m.putObject("messageAttributes");
            m.put("md5OfBody", r.md5OfBody());
            m.put("eventSource", "aws:sqs");
            m.put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:" + queue);
            m.put("awsRegion", "us-east-1");
        }
        return e.toString();
    }

    /** treant.sqs.command-queue → TREANT_SQS_COMMAND_QUEUE, the variable Camel reads for it. */
    public static Map<String, String> asEnvironment(Map<String, String> properties) {
        Map<String, String> env = new LinkedHashMap<>();
        properties.forEach((k, v) -> env.put(k.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), v));
        return env;
    }
}
