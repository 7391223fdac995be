package treant.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;
import treant.TreantMain;

/** The route files of a role as application.properties lists them, for route tests (no doors). */
public final class RoleRoutes {

    private static final Properties APP = new Properties();

    static {
        try (InputStream in = RoleRoutes.class.getResourceAsStream("/application.properties")) {
            APP.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RoleRoutes() {}

    /** The {@code camel.main.routes-include-pattern} of these roles' flows, without their doors. */
    public static String flowsOf(String roles) {
        return String.join(",", TreantMain.routeFiles(key -> Optional.ofNullable(APP.getProperty(key)), roles, false));
    }
}
