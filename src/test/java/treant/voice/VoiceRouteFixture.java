package treant.voice;

import treant.testing.TreantApp;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import software.amazon.awssdk.services.sqs.SqsClient;
import treant.queues.EmbeddedSqs;
import treant.testing.LocalSqs;
import treant.Json;
import treant.jobs.VoiceJob;

/**
 * The voice role against real-protocol servers on 127.0.0.1: ElasticMQ (SQS), WireMock speaking Polly's REST
 * protocol; only Discord is scripted ({@link ScriptedVoiceGateway}). The voice role is started as the
 * application starts it, from its route files, with the scripted gateway in place of JDA's.
 */
public final class VoiceRouteFixture implements AutoCloseable {

    static final String QUEUE = "treant-voice-test";

    final EmbeddedSqs sqsServer = new EmbeddedSqs("127.0.0.1", 0);
    SqsClient sqs;
    public final WireMockServer polly;
    final ScriptedVoiceGateway gateway;
    final ObjectMapper json = Json.newMapper();
    CamelContext camel;
    TreantApp app;

    public VoiceRouteFixture(ScriptedVoiceGateway gateway) {
        this.gateway = gateway;
        sqsServer.start();
        polly = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        polly.start();
    }

    public CamelContext start(Map<String, String> overrides) throws Exception {
        Properties props = new Properties();
        props.put("treant.aws.region", "us-east-1");
        props.put("treant.sqs.voice-queue", QUEUE);
        props.put("treant.sqs.endpoint", sqsServer.url());
        props.put("treant.sqs.create-queues", "true");
        props.put("treant.sqs.visibility-timeout", "30");
        props.put("treant.polly.endpoint", polly.baseUrl());
        props.put("treant.voice.wait-seconds", "1");
        props.put("treant.voice.consumers", "4");
        props.put("treant.voice.max-retries", "2");
        props.put("treant.voice.retry-delay-ms", "50");
        props.put("treant.voice.idle-leave-seconds", "1");
        props.put("treant.voice.connect-timeout-seconds", "5");
        props.putAll(overrides);
        // the voice role, with the scripted gateway (bound below) instead of JDA
        Map<String, String> all = new java.util.HashMap<>();
        props.forEach((k, v) -> all.put((String) k, (String) v));
        app = TreantApp.start("voice", all, Map.of("voiceGateway", gateway));
        camel = app.context();
        sqs = camel.getRegistry().lookupByNameAndType("sqsClient", SqsClient.class);
        return camel;
    }

    public void send(VoiceJob job) throws Exception {
        String body = writeJson(job);
        sqs.sendMessage(b -> b.queueUrl(queueUrl(QUEUE)).messageBody(body));
    }

    String writeJson(VoiceJob job) throws Exception {
        return json.writeValueAsString(job);
    }

    String queueUrl(String name) {
        return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
    }

    /** visible + in flight messages of a queue. */
    int messagesIn(String name) {
        return LocalSqs.depth(sqs, name);
    }

    @Override
    public void close() throws Exception {
        if (app != null) {
            app.close();
        }
        gateway.close();
        polly.stop();
        sqsServer.stop();
    }
}
