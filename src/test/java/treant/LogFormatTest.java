package treant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

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
}
