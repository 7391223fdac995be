package treant.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import treant.TreantMain;

/** The real application (TreantMain's Camel Main) started in-process on free loopback ports. */
public final class TreantApp implements AutoCloseable {

    private final Main main;
    public final int httpPort;
    public final int managementPort;

    private TreantApp(Main main, int httpPort, int managementPort) {
        this.main = main;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    public static TreantApp start(String roles, Map<String, String> properties) throws Exception {
        return start(roles, properties, Map.of());
    }

    /** With beans bound before the route files load (a role whose file of that bean is left out keeps it). */
    public static TreantApp start(String roles, Map<String, String> properties, Map<String, Object> beans) throws Exception {
        int http = freePort();
        int management = freePort();
        Main main = TreantMain.create(true);
        main.addOverrideProperty("treant.roles", roles);
        main.addOverrideProperty("treant.http.host", "127.0.0.1");
        main.addOverrideProperty("treant.http.port", Integer.toString(http));
        main.addOverrideProperty("treant.management.host", "127.0.0.1");
        main.addOverrideProperty("treant.management.port", Integer.toString(management));
        properties.forEach(main::addOverrideProperty);
        beans.forEach(main::bind);
        main.start();
        return new TreantApp(main, http, management);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public String interactionsUrl() {
        return "http://127.0.0.1:" + httpPort + "/interactions";
    }

    public String healthUrl() {
        return "http://127.0.0.1:" + managementPort + "/observe/health";
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
