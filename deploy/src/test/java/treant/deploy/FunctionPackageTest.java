package treant.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The serverless shape synthesized as {@code cdk synth} does it: TreantApp in a JVM of its own, given its
 * output directory and context through CDK_OUTDIR and CDK_CONTEXT_JSON (what the CDK CLI sets), with the
 * real function artifact at its default path, ../target/treant-function.jar (bin/test's {@code mvn verify}
 * builds it before these tests run). The asset that synth writes for each function is the package Lambda
 * unzips into /var/task: its files must add up to at most {@link TreantStack#MAX_FUNCTION_PACKAGE_BYTES}
 * (Lambda refuses more than 262 144 000 bytes).
 */
class FunctionPackageTest {

    static final Path ARTIFACT = Path.of("../target/treant-function.jar");
    static final Path OUT = Path.of("target/cdk.out-function-package");
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bothFunctionsGetTheArtifactAsOnePackageThatUnzipsToAtMost60MB() throws Exception {
        assertThat(ARTIFACT).as("the function artifact %s is missing: run `mvn -B package` at the repository root first"
                + " (bin/test runs `mvn verify`, which builds it, before the deployment's tests)",
                ARTIFACT.toAbsolutePath().normalize()).isRegularFile();
        synth();

        JsonNode template = JSON.readTree(OUT.resolve("Treant.template.json").toFile());
        Map<String, String> keyOf = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = template.get("Resources").properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> r = it.next();
            if (r.getValue().get("Type").asText().equals("AWS::Lambda::Function")) {
                keyOf.put(r.getKey(), r.getValue().at("/Properties/Code/S3Key").asText());
            }
        }
        assertThat(keyOf).as("the api and worker functions").hasSize(2);
        assertThat(keyOf.values().stream().distinct()).as("one package for both functions").hasSize(1);
        Path pkg = assetFile(keyOf.values().iterator().next());
        assertThat(Files.mismatch(pkg, ARTIFACT)).as("the package is the artifact as it is").isEqualTo(-1L);

        long unzipped = 0;
        int files = 0;
        try (ZipFile zip = new ZipFile(pkg.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                if (!e.isDirectory()) {
                    unzipped += e.getSize();
                    files++;
                }
            }
        }
        System.out.printf("function package %s: %,d bytes zipped, %,d bytes unzipped in %,d files%n",
                pkg, Files.size(pkg), unzipped, files);
        assertThat(unzipped).as("the functions' package unzips to %,d bytes (%,d files, %.1f MB); at most %,d",
                unzipped, files, unzipped / 1e6, TreantStack.MAX_FUNCTION_PACKAGE_BYTES)
                .isLessThanOrEqualTo(TreantStack.MAX_FUNCTION_PACKAGE_BYTES);
    }

    /** `cdk synth` of the app's default (serverless) shape: cdk.json's command, TreantApp, with the CLI's variables. */
    static void synth() throws Exception {
        if (Files.exists(OUT)) {
            try (Stream<Path> walk = Files.walk(OUT)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(OUT);
        Path log = OUT.resolveSibling("cdk.out-function-package.log");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, TreantApp.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CDK_OUTDIR", OUT.toAbsolutePath().toString());
        pb.environment().put("CDK_CONTEXT_JSON", JSON.writeValueAsString(Map.of(TreantStack.SHAPE_CONTEXT, Shape.SERVERLESS.contextValue)));
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("synth did not finish within 300 s; log " + log);
        }
        assertThat(p.exitValue()).as("synth failed:%n%s", read(log)).isZero();
    }

    /** The file the assets manifest uploads as {@code objectKey}. */
    static Path assetFile(String objectKey) throws IOException {
        JsonNode files = JSON.readTree(OUT.resolve("Treant.assets.json").toFile()).get("files");
        for (JsonNode asset : files) {
            for (JsonNode destination : asset.get("destinations")) {
                if (destination.get("objectKey").asText().equals(objectKey)) {
                    return OUT.resolve(asset.at("/source/path").asText());
                }
            }
        }
        throw new AssertionError("no asset uploads " + objectKey + " in " + OUT.resolve("Treant.assets.json"));
    }

    static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
