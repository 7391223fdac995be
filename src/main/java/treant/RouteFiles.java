package treant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The route files under {@code routes/} on the classpath, listed from the jar's central
 * directory. Camel's wildcard include patterns stream-decompress the whole (shaded) jar once per
 * pattern, which cost seconds of start-up; explicit file names load directly.
 */
final class RouteFiles {

    private RouteFiles() {}

    static List<String> list(ClassLoader loader) {
        URL dir = loader.getResource("routes/");
        if (dir == null) {
            return List.of();
        }
        try {
            Stream<String> names = switch (dir.getProtocol()) {
                case "jar" -> {
                    JarURLConnection connection = (JarURLConnection) dir.openConnection();
                    connection.setUseCaches(false);
                    try (JarFile jar = connection.getJarFile()) {
                        yield jar.stream().map(e -> e.getName())
                                .filter(n -> n.startsWith("routes/") && n.indexOf('/', 7) < 0)
                                .map(n -> n.substring(7)).toList().stream();
                    }
                }
                case "file" -> {
                    try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
                        yield files.map(p -> p.getFileName().toString()).toList().stream();
                    }
                }
                default -> throw new IllegalStateException("cannot list routes/ in " + dir);
            };
            return names.filter(n -> n.endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
