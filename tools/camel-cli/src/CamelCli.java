/**
 * {@code camel …} without JBang: camel-jbang-core 4.17 has no main method, its entry point is
 * {@code CamelJBangMain.run(args)} (which exits the JVM with the command's exit code).
 */
public final class CamelCli {
    public static void main(String[] args) {
        org.apache.camel.dsl.jbang.core.commands.CamelJBangMain.run(args);
    }
}
