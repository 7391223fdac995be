package treant;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import treant.http.DoorFailures;
import treant.http.HttpDoorVertx;
import treant.queues.LongPolls;
import treant.roles.RoleWiring;
import treant.roles.Roles;

/**
 * Camel Main running the roles named by {@code treant.roles}: each role's folder of routes ({@link Roles})
 * and the classes that build its beans ({@link RoleWiring}). {@code register-commands} registers the
 * slash commands and exits.
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
                // secrets first: the beans read them as they are built
                new SecretsSource().configure(m.getCamelContext());
                Roles roles = Roles.of(m.getCamelContext().getPropertiesComponent()::resolveProperty, withDoors);
                m.configure().withRoutesIncludePattern(String.join(",", roles.routeFiles()));
                m.configure().addConfiguration(new RoleWiring(withDoors, null));
                httpServer = roles.httpServer();
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
                // nor for connection timeouts: the servers' Vert.x sets them (the beans are built by now, so
                // the vertxOptions bean is in the registry; no server has started yet)
                HttpDoorVertx.bindInto(context);
                DoorFailures.answerOnceStarted(context);
            }
        }
    }
}
