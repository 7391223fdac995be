package treant;

import io.vertx.core.VertxOptions;
import java.util.List;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Clients every role shares, built once at start-up: the JSON mapper, the SQS client
 * (camel-aws2-sqs autowires it) and the HTTP servers' Vert.x options. In the local profile it
 * first starts the embedded ElasticMQ and creates the queues with their dead-letter queues.
 */
public class SharedBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        if (context.getRegistry().lookupByName("jsonMapper") == null) {
            // the api role's routes/api-beans.yaml binds it first (YAML beans come before this)
            context.getRegistry().bind("jsonMapper", Json.newMapper());
        }

        // the HTTP servers' Vert.x (Camel looks this bean up): Vert.x's defaults (2 event loops per core,
        // 20 workers) only add context switches on the 1-2 cores Treant runs on
        context.getRegistry().bind("vertxOptions", new VertxOptions()
                .setEventLoopPoolSize(settings.getInt("treant.http.event-loops"))
                .setWorkerPoolSize(settings.getInt("treant.http.worker-threads")));

        String endpoint = settings.get("treant.sqs.endpoint");
        if (endpoint.isEmpty() && settings.getBoolean("treant.sqs.embedded")) {
            EmbeddedSqs embedded = new EmbeddedSqs("127.0.0.1", settings.getInt("treant.sqs.embedded-port"));
            embedded.start();
            context.addService(embedded, true, true);
            endpoint = embedded.url();
        }
        SqsClient sqs = AwsClients.sqs(settings.get("treant.aws.region"), endpoint,
                settings.getLong("treant.sqs.call-timeout-ms"), settings.getInt("treant.sqs.max-connections"));
        context.getRegistry().bind("sqsClient", sqs);

        List<String> queues = List.of(settings.get("treant.sqs.command-queue"), settings.get("treant.sqs.voice-queue"));
        if (settings.getBoolean("treant.sqs.create-queues")) {
            for (String queue : queues) {
                Queues.ensure(sqs, queue, settings.getInt("treant.sqs.max-receive-count"),
                        settings.getInt("treant.sqs.visibility-timeout"));
            }
        }
        // only the queues this process's roles use: on AWS a voice task may not even look up the command queue
        Roles roles = Roles.parse(settings.get("treant.roles"));
        List<String> used = roles.has("api") || roles.has("worker") ? queues
                : List.of(settings.get("treant.sqs.voice-queue"));
        context.getRegistry().bind("queueHealthCheck", new QueueHealthCheck(sqs, used));
    }
}
