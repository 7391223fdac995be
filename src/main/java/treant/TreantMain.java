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
        System.exit(create().run(args));
    }

    /** A Camel Main that applies {@code treant.roles} once the properties are loaded. */
    public static Main create() {
        Main main = new Main();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                Roles.parse(new Settings(m.getCamelContext()).get("treant.roles")).applyTo(m.configure(), m.getCamelContext());
            }
        });
        return main;
    }

    private static int registerCommands(String[] args) {
        return RegisterCommands.run(args);
    }
}
