package treant;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The AOT cache's training run (bin/aot-train, the Dockerfile's build) in its own JVM, as there: it
 * must start the api, get the expected answer to every interaction and exit 0, or the image build
 * fails rather than ship a cache trained on errors.
 */
class AotTrainingTest {

    @Test
    void theTrainingRunGetsEveryExpectedAnswerAndExitsCleanly() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process run = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "treant.AotTraining"))
                .redirectErrorStream(true).start();
        String output;
        try (var out = run.getInputStream()) {
            assertThat(run.waitFor(120, TimeUnit.SECONDS)).as("training run finished").isTrue();
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            run.destroyForcibly();
        }
        assertThat(output).contains("The application is starting with profile: local")
                .contains("AOT training: every answer as expected")
                .doesNotContain("unexpected answers");
        assertThat(run.exitValue()).isZero();
    }
}
