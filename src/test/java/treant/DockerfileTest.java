package treant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs here, so the image is not built in tests; this keeps the Dockerfile
 * consistent with what the jar and the deployment expect.
 */
class DockerfileTest {

    private final List<String> lines = Files.readAllLines(Path.of("Dockerfile"));
    private final String text = String.join("\n", lines);

    DockerfileTest() throws Exception {
    }

    private static Properties appProperties() throws Exception {
        Properties p = new Properties();
        try (InputStream in = DockerfileTest.class.getClassLoader().getResourceAsStream("application.properties")) {
            p.load(in);
        }
        return p;
    }

    @Test
    void buildsOnJava25AndRunsOnTemurin25Noble() {
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms).hasSize(2);
        assertThat(froms.get(0)).contains("temurin-25").contains(" AS build");
        // Ubuntu 24.04: glibc 2.39 for jdave's libdave.so
        assertThat(froms.get(1)).isEqualTo("FROM eclipse-temurin:25-jre-noble");
        assertThat(text).contains("mvn -B -q package").contains("target/treant.jar");
    }

    @Test
    void runsAsNonRootWithNativeAccess() {
        String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        assertThat(user).doesNotContain("root").isNotEqualTo("USER 0");
        String entry = lines.stream().filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
        assertThat(entry).contains("--enable-native-access=ALL-UNNAMED").contains("-jar /app/treant.jar");
        assertThat(text).contains("TREANT_ROLES=api,worker,voice");
    }

    @Test
    void startsFromAnAotCacheTrainedWithTheSameJvmOptions() throws Exception {
        String entry = lines.stream().filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
        assertThat(entry).contains("--enable-native-access=ALL-UNNAMED $JAVA_OPTS -XX:AOTCache=/app/treant.aot -jar /app/treant.jar");
        assertThat(text).containsPattern("RUN java --enable-native-access=ALL-UNNAMED \\$JAVA_OPTS -XX:AOTCacheOutput=/app/treant.aot \\\\\n"
                + "\\s+-cp /app/treant.jar treant.AotTraining\\n");
        assertThat(Class.forName("treant.AotTraining").getMethod("main", String[].class)).isNotNull();
    }

    @Test
    void healthcheckHitsTheManagementServersHealthPath() throws Exception {
        Properties app = appProperties();
        assertThat(text).contains("TREANT_MANAGEMENT_PORT=" + app.getProperty("treant.management.port"));
        assertThat(text).containsPattern("HEALTHCHECK [^\\n]*\\\\\\n\\s+CMD curl -fsS \"http://127.0.0.1:\\$\\{TREANT_MANAGEMENT_PORT}/observe/health/live\"");
        assertThat(app.getProperty("camel.management.health-check-enabled")).isEqualTo("true");
        assertThat(text).contains("EXPOSE " + app.getProperty("treant.http.port") + " " + app.getProperty("treant.management.port"));
    }
}
