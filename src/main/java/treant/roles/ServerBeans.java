package treant.roles;

import io.vertx.core.VertxOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * Beans of a process that runs its own servers (the HTTP door, the management server). A Lambda function
 * has neither, and no Vert.x in its artifact.
 */
public class ServerBeans implements Beans {

    @PropertyInject("treant.http.event-loops") int eventLoops;
    @PropertyInject("treant.http.worker-threads") int workerThreads;

    @Override
    public void bind(CamelContext camel) {
        // the HTTP servers' Vert.x (Camel looks this bean up): Vert.x's defaults (2 event loops per core,
        // 20 workers) only add context switches on the 1-2 cores Treant runs on
        camel.getRegistry().bind("vertxOptions", new VertxOptions().setEventLoopPoolSize(eventLoops)
                .setWorkerPoolSize(workerThreads));
    }
}
