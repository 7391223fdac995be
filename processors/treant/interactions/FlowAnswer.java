package treant.interactions;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import treant.Keys;

/**
 * How a door that goes on after the interactions flow (the gateway door: it sends the answer itself)
 * takes the flow's result: its message (the JSON answer, {@code CamelHttpResponseCode} when refused)
 * and the names the flow gave the interaction, but not its error-handling state: when the flow's
 * error handler made the answer, Camel would otherwise end the door's route there too.
 */
public final class FlowAnswer implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange door, Exchange flow) {
        door.getMessage().copyFrom(flow.getMessage());
        for (String key : new String[] {Keys.INTERACTION_ID, Keys.COMMAND}) {
            Object value = flow.getProperty(key);
            if (value != null) {
                door.setProperty(key, value);
            }
        }
        return door;
    }
}
