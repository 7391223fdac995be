package treant.testing;

import java.util.Map;
import java.util.Optional;
import org.apache.camel.main.MainConfigurationProperties;
import treant.roles.RoleWiring;
import treant.roles.Roles;

/** A role's flows and beans as the application loads them, without its doors: for route tests. */
public final class RoleRoutes {

    private RoleRoutes() {}

    /** Loads these roles' route folders (no doors) and has their beans built. */
    public static void flowsOf(MainConfigurationProperties main, String roles) {
        Roles loaded = Roles.of(key -> Optional.ofNullable(Map.of("treant.roles", roles).get(key)), false);
        main.withRoutesIncludePattern(String.join(",", loaded.routeFiles()));
        main.addConfiguration(new RoleWiring(false, roles));
    }
}
