package treant.interactions;

import treant.Keys;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import treant.discord.Interaction;

/**
 * Raw body → {@link Interaction}. Not JSON, or JSON that is not an interaction Treant handles,
 * is a 400; the interaction id becomes the exchange property {@code interactionId}.
 */
public final class ParseInteraction implements Processor {

    private final ObjectMapper mapper;

    public ParseInteraction(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void process(Exchange exchange) {
        Interaction interaction = parse(exchange.getMessage().getBody(byte[].class));
        exchange.setProperty(Keys.INTERACTION_ID, interaction.id());
        // names the command for the route (PING, autocomplete or a command) and for metrics (treant.metrics.CommandMetrics)
        exchange.setProperty(Keys.COMMAND, interaction.type() == Interaction.PING ? "ping"
                : interaction.type() == Interaction.AUTOCOMPLETE ? "autocomplete"
                : interaction.subcommand() == null ? "pun" : String.valueOf(interaction.subcommand().name()));
        exchange.getMessage().setBody(interaction);
    }

    public Interaction parse(byte[] body) {
        Interaction interaction;
        try {
            interaction = body == null ? null : mapper.readValue(body, Interaction.class);
        } catch (IOException notJson) {
            throw InteractionRejected.badRequest("body is not a JSON interaction");
        }
        if (interaction == null || interaction.id() == null || interaction.id().isBlank()) {
            throw InteractionRejected.badRequest("body is not an interaction");
        }
        if (interaction.type() != Interaction.PING && interaction.type() != Interaction.APPLICATION_COMMAND
                && interaction.type() != Interaction.AUTOCOMPLETE) {
            throw InteractionRejected.badRequest("unsupported interaction type " + interaction.type());
        }
        return interaction;
    }
}
