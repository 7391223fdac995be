package treant.roles;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import software.amazon.awssdk.services.sqs.SqsClient;
import treant.AwsClients;
import treant.Json;
import treant.metrics.CommandMetrics;
import treant.metrics.CountGaveUpJobs;
import treant.metrics.RecordQueueToAnswer;
import treant.queues.EmbeddedSqs;
import treant.queues.Queues;

/** Beans every role shares, built once from properties (the environment overrides each one). */
public class CommonBeans implements Beans {

    @PropertyInject("treant.aws.region") String region;
    @PropertyInject("treant.aws.http-client") String awsHttpClient;
    @PropertyInject("treant.sqs.endpoint") String sqsEndpoint;
    @PropertyInject("treant.sqs.embedded") boolean sqsEmbedded;
    @PropertyInject("treant.sqs.embedded-port") int sqsEmbeddedPort;
    @PropertyInject("treant.sqs.call-timeout-ms") long sqsCallTimeoutMs;
    @PropertyInject("treant.sqs.max-connections") int sqsMaxConnections;
    @PropertyInject("treant.sqs.create-queues") boolean createQueues;
    @PropertyInject("treant.sqs.max-receive-count") int maxReceiveCount;
    @PropertyInject("treant.sqs.visibility-timeout") int visibilityTimeout;
    @PropertyInject("treant.sqs.command-queue") String commandQueue;
    @PropertyInject("treant.sqs.voice-queue") String voiceQueue;

    @Override
    public void bind(CamelContext camel) {
        Registry beans = camel.getRegistry();
        // the process's one Jackson mapper (Discord ids as strings, java.time)
        beans.bind("jsonMapper", ObjectMapper.class, Json.newMapper());
        beans.bind("clock", Clock.class, Clock.systemUTC());
        // local profile only (treant.sqs.embedded): an in-process ElasticMQ on loopback; otherwise idle
        EmbeddedSqs embeddedSqs = new EmbeddedSqs(sqsEmbedded, "127.0.0.1", sqsEmbeddedPort);
        beans.bind("embeddedSqs", EmbeddedSqs.class, embeddedSqs, "start", "stop");
        // the SQS client of every sender; calls give up after treant.sqs.call-timeout-ms, inside Discord's 3 s
        SqsClient sqs = AwsClients.sqs(region, sqsEndpoint, embeddedSqs, sqsCallTimeoutMs, sqsMaxConnections, awsHttpClient);
        beans.bind("sqsClient", SqsClient.class, sqs);
        // local runs and tests own their queues (treant.sqs.create-queues); on AWS the deployment does
        beans.bind("queues", Queues.class, new Queues(sqs, createQueues, maxReceiveCount, visibilityTimeout,
                commandQueue + "," + voiceQueue), "ensureAll", null);
        // per-command counts, outcomes and latency (Prometheus treant_commands_seconds)
        CommandMetrics metrics = new CommandMetrics();
        beans.bind("commandMetrics", metrics);
        camel.getManagementStrategy().addEventNotifier(metrics);
        beans.bind("recordQueueToAnswer", new RecordQueueToAnswer());
        // treant_jobs_gave_up_total{command}: jobs whose token died before they could be answered
        beans.bind("countGaveUpJobs", new CountGaveUpJobs());
    }
}
