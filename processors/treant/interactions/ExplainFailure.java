package treant.interactions;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import treant.discord.InteractionResponse;

/**
 * Turns a failed command into the ephemeral message the user sees: the reason for options
 * Treant cannot act on, a generic apology for anything else (the details go to the log only).
 */
public final class ExplainFailure implements Processor {

    static final String UNAVAILABLE = "🌲 Treant could not take that command right now. Please try again in a minute.";

    @Override
    public void process(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.getMessage().setBody(explain(failure));
    }

    public static InteractionResponse explain(Exception failure) {
        if (failure instanceof InvalidOptions invalid) {
            return InteractionResponse.ephemeral(invalid.getMessage());
        }
        return InteractionResponse.ephemeral(UNAVAILABLE);
    }
}
