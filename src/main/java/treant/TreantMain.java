package treant;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Starts the roles named by {@code treant.roles} ({@code api}, {@code worker}, {@code voice})
 * in one Camel Main. {@code register-commands} registers the slash commands and exits.
 */
public final class TreantMain {

    private TreantMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "register-commands".equals(args[0])) {
            System.exit(registerCommands(args));
        }
        Main main = new Main();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                Roles.parse(new Settings(m.getCamelContext()).get("treant.roles")).applyTo(m.configure());
            }
        });
        System.exit(main.run(args));
    }

    private static int registerCommands(String[] args) {
        throw new UnsupportedOperationException("register-commands is not built yet (issue 5)");
    }
}
