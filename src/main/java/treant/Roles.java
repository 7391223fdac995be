package treant;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.MainConfigurationProperties;

/**
 * Which roles this process runs ({@code treant.roles}) and what that means for Camel Main:
 * route files are chosen by prefix ({@code routes/api-*.yaml} …) and each role brings its beans.
 */
public record Roles(Set<String> names) {

    public static final List<String> ALL = List.of("api", "worker", "voice");

    public static Roles parse(String value) {
        Set<String> names = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            String role = part.trim().toLowerCase(Locale.ROOT);
            if (role.isEmpty()) {
                continue;
            }
            if (!ALL.contains(role)) {
                throw new IllegalArgumentException("treant.roles: unknown role '" + role + "', expected any of " + ALL);
            }
            names.add(role);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("treant.roles is empty: name at least one of " + ALL);
        }
        return new Roles(names);
    }

    public boolean has(String role) {
        return names.contains(role);
    }

    /** The route files of these roles: {@code common-*.yaml} and {@code <role>-*.yaml}, by explicit name. */
    public String routesIncludePattern() {
        List<String> patterns = new ArrayList<>();
        for (String file : RouteFiles.list(Roles.class.getClassLoader())) {
            String prefix = file.substring(0, Math.max(0, file.indexOf('-')));
            if ("common".equals(prefix) || names.contains(prefix)) {
                patterns.add("classpath:routes/" + file);
            }
        }
        return String.join(",", patterns);
    }

    /**
     * Applies the roles to Camel Main: secrets, routes, bean configurations, the HTTP server.
     * Runs before Camel loads any route file: with {@code treant.secrets.source=aws} the secrets
     * must be in place before the YAML beans (routes/api-beans.yaml) read them.
     */
    public void applyTo(MainConfigurationProperties main, CamelContext context) {
        new SecretsSource(names).configure(context);
        main.withRoutesIncludePattern(routesIncludePattern());
        main.addConfiguration(new SharedBeans());
        main.addConfiguration(new MetricsBeans());
        for (String role : names) {
            main.addConfiguration(beansOf(role));
        }
        main.httpServer().withEnabled(has("api"));
    }

    private static CamelConfiguration beansOf(String role) {
        String className = "treant." + Character.toUpperCase(role.charAt(0)) + role.substring(1) + "Beans";
        try {
            return (CamelConfiguration) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the " + role + " role is not built into this jar (" + className + " missing)");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + className, e);
        }
    }
}
