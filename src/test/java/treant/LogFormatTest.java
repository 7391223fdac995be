package treant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shipped log4j2.properties switches between text and JSON lines on treant.log.format. */
class LogFormatTest {

    @AfterEach
    void clear() {
        System.clearProperty("treant.log.format");
    }

    private static LoggerContext load(String name) throws Exception {
        URI config = LogFormatTest.class.getClassLoader().getResource("log4j2.properties").toURI();
        LoggerContext ctx = new LoggerContext(name);
        ctx.setConfigLocation(config);
        return ctx;
    }

    private static Appender rootAppender(LoggerContext ctx) {
        var appenders = ctx.getConfiguration().getRootLogger().getAppenders();
        assertThat(appenders).hasSize(1);
        return appenders.values().iterator().next();
    }

    @Test
    void textByDefault() throws Exception {
        LoggerContext ctx = load("text-default");
        try {
            assertThat(rootAppender(ctx).getLayout()).isInstanceOf(PatternLayout.class);
        } finally {
            ctx.stop();
        }
    }

    @Test
    void jsonLinesWhenAsked() throws Exception {
        System.setProperty("treant.log.format", "json");
        LoggerContext ctx = load("json");
        try {
            Appender appender = rootAppender(ctx);
            assertThat(appender.getLayout()).isInstanceOf(JsonTemplateLayout.class);
            var event = org.apache.logging.log4j.core.impl.Log4jLogEvent.newBuilder()
                    .setLoggerName("treant.Test").setLevel(org.apache.logging.log4j.Level.WARN)
                    .setMessage(new org.apache.logging.log4j.message.SimpleMessage("queue \"treant-commands\" unreachable"))
                    .build();
            String line = new String(appender.getLayout().toByteArray(event), StandardCharsets.UTF_8);
            JsonNode json = new ObjectMapper().readTree(line);
            assertThat(json.get("message").asText()).isEqualTo("queue \"treant-commands\" unreachable");
            assertThat(json.get("log.level").asText()).isEqualTo("WARN");
            assertThat(json.get("log.logger").asText()).isEqualTo("treant.Test");
            assertThat(json.has("@timestamp")).isTrue();
            assertThat(line.strip()).doesNotContain("\n");
        } finally {
            ctx.stop();
        }
    }

    @Test
    void bothShippedLayoutsMaskTokensKeysAndSecretsInMessagesAndStackTraces() throws Exception {
        String leaky = "PATCH https://discord.com/api/v10/webhooks/1318000000000000001/aW50ZXJhY3Rpb246c2VjcmV0/messages/@original"
                + " POST /api/v10/interactions/1318000000000000201/aW50ZXJhY3Rpb246Y2FsbGJhY2s/callback"
                + " Authorization: Bearer USxq7c3bH1kE2m6Rr0fFq8yWbVn3zT5uJ Bot MTEx.secret.bottoken"
                + " ?key=AIzaSyExample123 {\"token\":\"aW50ZXJhY3Rpb246anNvbg\",\"client_secret\": \"s3cr3t\"}";
        List<String> secrets = List.of("aW50ZXJhY3Rpb246c2VjcmV0", "aW50ZXJhY3Rpb246Y2FsbGJhY2s",
                "USxq7c3bH1kE2m6Rr0fFq8yWbVn3zT5uJ", "MTEx.secret.bottoken", "AIzaSyExample123", "aW50ZXJhY3Rpb246anNvbg",
                "s3cr3t");
        var event = org.apache.logging.log4j.core.impl.Log4jLogEvent.newBuilder()
                .setLoggerName("treant.Test").setLevel(org.apache.logging.log4j.Level.WARN)
                .setMessage(new org.apache.logging.log4j.message.SimpleMessage("edit failed: " + leaky))
                .setThrown(new IllegalStateException("HTTP operation failed invoking " + leaky))
                .build();
        // Camel's own URI sanitizer leaves a token in the path as it is: the mask is what hides it
        assertThat(org.apache.camel.util.URISupport.sanitizeUri(
                "https://discord.com/api/v10/webhooks/1318000000000000001/aW50ZXJhY3Rpb246c2VjcmV0/messages/@original"))
                .contains("aW50ZXJhY3Rpb246c2VjcmV0");
        for (String format : List.of("text", "json")) {
            System.setProperty("treant.log.format", format);
            LoggerContext ctx = load("mask-" + format);
            try {
                String out = new String(rootAppender(ctx).getLayout().toByteArray(event), StandardCharsets.UTF_8);
                assertThat(out).as(format).contains("/webhooks/1318000000000000001/***/messages/@original")
                        .contains("/interactions/1318000000000000201/***/callback").contains("Bearer ***")
                        .contains("IllegalStateException").contains("edit failed");
                for (String secret : secrets) {
                    assertThat(out).as(format).doesNotContain(secret);
                }
                if (format.equals("json")) {
                    assertThat(new ObjectMapper().readTree(out).get("message").asText()).contains("HTTP operation failed");
                }
            } finally {
                ctx.stop();
            }
        }
    }
}
