package treant.lambda;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A handler running under AWS's runtime interface client in a JVM of its own, as on Lambda:
 * {@code java -cp … com.amazonaws.services.lambda.runtime.api.client.AWSLambda <handler>}, talking
 * to a {@link LocalLambdaRuntime}. Its output goes to a log file under target/.
 */
public final class LambdaProcess implements AutoCloseable {

    public final Process process;
    public final Path log;
    public final long startedAt;

    private LambdaProcess(Process process, Path log, long startedAt) {
        this.process = process;
        this.log = log;
        this.startedAt = startedAt;
    }

    /** Closes what a test started, in order, skipping what never started. */
    public static void closeAll(AutoCloseable... started) throws Exception {
        for (AutoCloseable c : started) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** Started and past its init (the runtime's first /next), or a failure carrying the function's output. */
    public static LambdaProcess startReady(String handler, LocalLambdaRuntime runtime, Map<String, String> env)
            throws Exception {
        return startReady(handler, runtime, env, classpath());
    }

    public static LambdaProcess startReady(String handler, LocalLambdaRuntime runtime, Map<String, String> env,
                                           String classpath) throws Exception {
        LambdaProcess function = start(handler, runtime, env, List.of(), classpath);
        try {
            runtime.awaitReady(java.time.Duration.ofSeconds(90));
        } catch (AssertionError e) {
            String output = function.output();
            function.close();
            throw new AssertionError(e.getMessage() + "\n" + output, e);
        }
        return function;
    }

    /**
     * A handler in a JVM of its own on {@link #classpath()}.
     *
     * @param handler  e.g. {@code treant.lambda.ApiFunction::handleRequest}
     * @param env      TREANT_* settings (the child gets no other environment but PATH and the Lambda variables)
     * @param jvmArgs  extra JVM options (an AOT cache, a heap size)
     */
    public static LambdaProcess start(String handler, LocalLambdaRuntime runtime, Map<String, String> env,
                                      List<String> jvmArgs) throws IOException {
        return start(handler, runtime, env, jvmArgs, classpath());
    }

    /** The same on a classpath of the caller's choosing (the function artifact and the runtime client). */
    public static LambdaProcess start(String handler, LocalLambdaRuntime runtime, Map<String, String> env,
                                      List<String> jvmArgs, String classpath) throws IOException {
        String name = handler.substring(handler.lastIndexOf('.') + 1).replace("::handleRequest", "");
        Path log = Path.of("target", "lambda-" + name + "-" + ProcessHandle.current().pid() + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-XX:+UseSerialGC");
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath);
        command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
        command.add(handler);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> e = pb.environment();
        String path = e.get("PATH");
        e.clear();
        e.put("PATH", path == null ? "/usr/bin:/bin" : path);
        e.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
        e.put("AWS_LAMBDA_FUNCTION_NAME", "treant-" + name);
        e.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        e.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        e.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/treant-" + name);
        e.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
        e.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        e.put("AWS_REGION", "us-east-1");
        e.putAll(env);
        long started = System.nanoTime();
        return new LambdaProcess(pb.start(), log, started);
    }

    /** -Dlambda.classpath, else the test classpath: surefire's (it runs tests from a manifest-only jar) or this JVM's. */
    static String classpath() {
        String chosen = System.getProperty("lambda.classpath");
        if (chosen != null && !chosen.isBlank()) {
            return chosen;
        }
        String surefire = System.getProperty("surefire.test.class.path");
        String cp = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return String.join(File.pathSeparator, cp.split(File.pathSeparator));
    }

    /** Peak resident memory (VmHWM, kB) of the function's JVM, from /proc. */
    public long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
