package treant.roles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What a process loads for the roles named by {@code treant.roles}: a role is a folder of routes,
 * {@code routes/<role>/} (its transport-free flows) and {@code routes/<role>/doors/} (how work arrives:
 * HTTP, an SQS consumer, a timer; the api's door is {@code doors/<treant.discord.interactions>/}), and
 * the {@link Beans} classes that build its beans, once, in this order ({@link RoleWiring}).
 * {@code routes/connectors/}, the outside systems, is every role's.
 *
 * @param routeFiles the route files, as {@code classpath:} resources
 * @param httpServer whether the api's HTTP door is among them
 */
public record Roles(List<String> routeFiles, boolean httpServer) {

    public static final List<String> NAMES = List.of("api", "worker", "voice");

    /** @param withDoors false where the door is not Camel's (a Lambda handler, a route test) */
    public static Roles of(Function<String, Optional<String>> properties, boolean withDoors) {
        Set<String> roles = names(properties);
        String interactions = interactions(properties);
        List<String> files = new ArrayList<>(routesIn("routes/connectors/"));
        for (String role : roles) {
            files.addAll(routesIn("routes/" + role + "/"));
            if (withDoors) {
                files.addAll(routesIn("routes/" + role + "/doors/"));
                if ("api".equals(role)) {
                    List<String> door = routesIn("routes/api/doors/" + interactions + "/");
                    if (door.isEmpty()) {
                        throw new IllegalArgumentException("treant.discord.interactions must be http or gateway, not '" + interactions + "'");
                    }
                    files.addAll(door);
                }
            }
        }
        return new Roles(List.copyOf(files), roles.contains("api") && withDoors && "http".equals(interactions));
    }

    /**
     * The {@link Beans} classes of these roles, in the order they must run (by name: a Lambda function's
     * artifact lacks the classes of the roles and doors it does not run).
     *
     * @param voiceGatewayBound a {@code voiceGateway} bean is already bound (a test's scripted gateway)
     */
    public static List<String> beanClasses(Function<String, Optional<String>> properties, boolean withDoors,
                                           boolean voiceGatewayBound) {
        Set<String> roles = names(properties);
        boolean api = roles.contains("api");
        boolean voice = roles.contains("voice");
        boolean gatewayDoor = api && withDoors && "gateway".equals(interactions(properties));
        String voiceGateway = properties.apply("treant.voice.gateway").orElse("discord").strip();
        boolean discordVoice = voice && !voiceGatewayBound && "discord".equals(voiceGateway);
        if (voice && !voiceGatewayBound && !discordVoice && !"wav".equals(voiceGateway)) {
            throw new IllegalArgumentException("treant.voice.gateway must be discord or wav, not '" + voiceGateway + "'");
        }
        List<String> classes = new ArrayList<>();
        classes.add("treant.roles.CommonBeans");
        if (api || roles.contains("worker")) {
            classes.add("treant.roles.StoreBeans");
        }
        if (withDoors) {
            classes.add("treant.roles.ServerBeans");
        }
        if (gatewayDoor || discordVoice) {
            classes.add("treant.roles.DiscordSessionBeans");
        }
        if (gatewayDoor) {
            classes.add("treant.roles.GatewayDoorBeans");
        }
        if (voice && !voiceGatewayBound) {
            classes.add(discordVoice ? "treant.roles.DiscordVoiceBeans" : "treant.roles.WavVoiceBeans");
        }
        for (String role : roles) {
            classes.add("treant.roles." + Character.toUpperCase(role.charAt(0)) + role.substring(1) + "Beans");
        }
        return List.copyOf(classes);
    }

    private static Set<String> names(Function<String, Optional<String>> properties) {
        Set<String> roles = new LinkedHashSet<>();
        for (String role : properties.apply("treant.roles").orElse("").split(",")) {
            String name = role.strip();
            if (!name.isEmpty() && !NAMES.contains(name)) {
                throw new IllegalArgumentException("treant.roles: unknown role '" + name + "', expected any of api, worker, voice");
            }
            if (!name.isEmpty()) {
                roles.add(name);
            }
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("treant.roles is empty: name at least one of api, worker, voice");
        }
        return roles;
    }

    private static String interactions(Function<String, Optional<String>> properties) {
        return properties.apply("treant.discord.interactions").orElse("http").strip();
    }

    /** The route files directly in a folder of the classpath ({@code routes/worker/}). */
    static List<String> routesIn(String folder) {
        return RouteIndex.FILES.stream()
                .filter(n -> n.startsWith(folder) && n.indexOf('/', folder.length()) < 0)
                .sorted().map(n -> "classpath:" + n).toList();
    }

    /**
     * Every route file under {@code routes/}, read once, from {@code routes/index.txt}, which the build
     * writes (the pom's route-index): listing a folder inside the shaded jar means reading through all its
     * 58 000 entries (about 30 ms at start-up; Camel's own wildcard does the same). Without the index
     * (classes built by an IDE alone), the classes folder is walked.
     */
    private static final class RouteIndex {

        static final List<String> FILES = list();

        private static List<String> list() {
            ClassLoader loader = Roles.class.getClassLoader();
            try (InputStream index = loader.getResourceAsStream("routes/index.txt")) {
                if (index != null) {
                    return new String(index.readAllBytes(), StandardCharsets.UTF_8).lines()
                            .map(String::strip).filter(n -> n.endsWith(".camel.yaml")).toList();
                }
                URL folder = loader.getResource("routes/");
                if (folder == null || !"file".equals(folder.getProtocol())) {
                    throw new IllegalStateException("routes/index.txt is missing: build with Maven (mvn package)");
                }
                Path root = Path.of(folder.toURI()).getParent();
                try (Stream<Path> walk = Files.walk(root.resolve("routes"))) {
                    return walk.map(p -> root.relativize(p).toString().replace('\\', '/'))
                            .filter(n -> n.endsWith(".camel.yaml")).toList();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the route files", e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException("cannot list the route files", e);
            }
        }
    }
}
