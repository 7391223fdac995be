package treant.voice;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import software.amazon.awssdk.services.sqs.SqsClient;
import treant.EmbeddedSqs;
import treant.testing.LocalSqs;
import treant.Json;
import treant.SharedBeans;
import treant.VoiceBeans;
import treant.jobs.VoiceJob;

/**
 * The voice role against real-protocol servers on 127.0.0.1: ElasticMQ (SQS), WireMock speaking Polly's REST
 * protocol; only Discord is scripted ({@link ScriptedVoiceGateway}). Routes come from the packaged
 * routes/voice-speak.yaml, beans from {@link VoiceBeans}, as in the voice process.
 */
public final class VoiceRouteFixture implements AutoCloseable {

    static final String QUEUE = "treant-voice-test";

    final EmbeddedSqs sqsServer = new EmbeddedSqs("127.0.0.1", 0);
    SqsClient sqs;
    public final WireMockServer polly;
    final ScriptedVoiceGateway gateway;
    final ObjectMapper json = Json.newMapper();
    CamelContext camel;

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
        camel = new DefaultCamelContext();
        camel.getPropertiesComponent().setLocation("classpath:application.properties");
        camel.getPropertiesComponent().setOverrideProperties(props);
        camel.getRegistry().bind("voiceGateway", gateway);
        // the same bean configurations TreantMain uses for a voice process
        new SharedBeans().configure(camel);
        new VoiceBeans().configure(camel);
        sqs = camel.getRegistry().lookupByNameAndType("sqsClient", SqsClient.class);
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                PluginHelper.getResourceLoader(camel).resolveResource("classpath:routes/voice-speak.yaml"));
        camel.start();
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
        if (camel != null) {
            camel.stop();
        }
        gateway.close();
        polly.stop();
        sqsServer.stop();
    }
}
