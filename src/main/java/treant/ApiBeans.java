package treant;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The api role's beans are wired in {@code routes/api-beans.yaml}, one place shared with
 * {@code camel run}; Camel creates them while loading the api route files, and a missing or
 * malformed public key stops start-up there, with a message naming the property. This only makes
 * sure that file was loaded, so a routes pattern that leaves it out fails with a clear message.
 */
public class ApiBeans implements CamelConfiguration {

    static final String WIRING = "routes/api-beans.yaml";

    @Override
    public void configure(CamelContext context) {
        if (context.getRegistry().lookupByName("verifySignature") == null) {
            throw new IllegalStateException("cannot start the api role: its beans (" + WIRING
                    + ") were not loaded; camel.main.routes-include-pattern must include it");
        }
    }
}
