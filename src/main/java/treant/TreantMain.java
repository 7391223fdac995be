package treant;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.function.Function;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import treant.http.DoorFailures;
import treant.http.HttpDoorVertx;
import treant.queues.LongPolls;

/**
 * Camel Main running the roles named by {@code treant.roles}. A role is a list of route files
 * ({@code treant.role.<role>.routes}: its beans and its transport-free flows, and
 * {@code treant.role.<role>.doors}: how work arrives, HTTP or SQS) in application.properties.
 * {@code register-commands} registers the slash commands and exits.
 */
public final class TreantMain {

    private TreantMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "register-commands".equals(args[0])) {
            System.exit(RegisterCommands.run(args));
        }
        System.exit(create(true).run(args));
    }

    /**
     * @param withDoors false for a process whose door is not Camel's (a Lambda handler calls the
     *                  flows' {@code direct:} endpoints itself): the flows only, no HTTP server
     */
    public static Main create(boolean withDoors) {
        Main main = new Main();
        main.addMainListener(new MainListenerSupport() {
            private boolean httpServer;

            @Override
            public void beforeConfigure(BaseMainSupport m) {
                // secrets first: the YAML beans read them while their route files load
                new SecretsSource().configure(m.getCamelContext());
                PropertiesComponent properties = m.getCamelContext().getPropertiesComponent();
                Set<String> files = routeFiles(properties::resolveProperty, properties.resolveProperty("treant.roles").orElse(""),
                        withDoors);
                m.configure().withRoutesIncludePattern(String.join(",", files));
                httpServer = files.stream().anyMatch(f -> f.endsWith("/api-http.camel.yaml"));
                m.configure().httpServer().withEnabled(httpServer);
            }

            @Override
            public void afterConfigure(BaseMainSupport m) {
                // shutdown waits for the jobs in flight, not for the queues' idle long polls
                m.getCamelContext().getManagementStrategy().addEventNotifier(new LongPolls.AtShutdown());
                if (httpServer) {
                    HttpServerSettings.apply(m.getCamelContext());
                }
            }
        });
        return main;
    }

    /**
     * The HTTP door's server settings that camel.server.* has no property for. A class of its own, loaded
     * only where that server runs: the Lambda functions' artifact has no platform-http or Vert.x.
     */
    private static final class HttpServerSettings {

        static void apply(CamelContext context) {
            // Camel's default body handler allocates whatever Content-Length a caller declares before a
            // byte of it arrives
            MainHttpServer server = context.hasService(MainHttpServer.class);
            if (server != null) {
                server.getBodyHandler().setPreallocateBodyBuffer(false);
                // nor for connection timeouts: the servers' Vert.x sets them (the route files are loaded by
                // now, so the vertxOptions bean is in the registry; no server has started yet)
                HttpDoorVertx.bindInto(context);
                DoorFailures.answerOnceStarted(context);
            }
        }
    }

    /** The route files of the roles, by explicit name (a wildcard would scan the whole shaded jar). */
    public static Set<String> routeFiles(Function<String, Optional<String>> properties, String roles, boolean withDoors) {
        Set<String> files = new LinkedHashSet<>();
        for (String role : roles.split(",")) {
            String name = role.trim();
            if (name.isEmpty()) {
                continue;
            }
            String routes = properties.apply("treant.role." + name + ".routes").orElseThrow(() ->
                    new IllegalArgumentException("treant.roles: unknown role '" + name + "', expected any of api, worker, voice"));
            add(files, routes);
            if (withDoors) {
                add(files, properties.apply("treant.role." + name + ".doors").orElse(""));
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("treant.roles is empty: name at least one of api, worker, voice");
        }
        return files;
    }

    private static void add(Set<String> files, String names) {
        for (String name : names.split(",")) {
            if (!name.isBlank()) {
                files.add("classpath:routes/" + name.trim() + ".camel.yaml");
            }
        }
    }
}
