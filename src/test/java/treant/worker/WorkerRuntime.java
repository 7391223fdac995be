package treant.worker;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import treant.SharedBeans;
import treant.WorkerBeans;

/**
 * One worker process for tests: a CamelContext with application.properties (+ overrides), the
 * lead's SharedBeans (jsonMapper, sqsClient), WorkerBeans and the routes/worker-*.yaml files, as
 * TreantMain would assemble them for {@code treant.roles=worker}.
 */
public final class WorkerRuntime implements AutoCloseable {

    public static final List<String> ROUTE_FILES = List.of(
            "routes/worker-commands.yaml", "routes/worker-errors.yaml",
            "routes/worker-judge.yaml", "routes/worker-gold.yaml");

    /** Something to do after the routes are loaded and before they start (AdviceWith). */
    @FunctionalInterface
    public interface BeforeStart {
        void apply(CamelContext context) throws Exception;
    }

    private final CamelContext context;

    private WorkerRuntime(CamelContext context) {
        this.context = context;
    }

    public static WorkerRuntime start(Map<String, String> overrides) throws Exception {
        return start(overrides, c -> { });
    }

    public static WorkerRuntime start(Map<String, String> overrides, BeforeStart beforeStart) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        Properties props = new Properties();
        props.putAll(overrides);
        context.getPropertiesComponent().setOverrideProperties(props);
        new SharedBeans().configure(context);
        new WorkerBeans().configure(context);
        // one call, as Camel Main does: route configurations are added before the routes using them
        List<org.apache.camel.spi.Resource> resources = new java.util.ArrayList<>();
        for (String file : ROUTE_FILES) {
            resources.add(PluginHelper.getResourceLoader(context).resolveResource("classpath:" + file));
        }
        PluginHelper.getRoutesLoader(context).loadRoutes(resources);
        context.build();
        beforeStart.apply(context);
        context.start();
        return new WorkerRuntime(context);
    }

    public CamelContext context() {
        return context;
    }

    @Override
    public void close() {
        try {
            context.close();
        } catch (Exception e) {
            throw new IllegalStateException("worker did not stop cleanly", e);
        }
    }
}
