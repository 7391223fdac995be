package treant;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import treant.interactions.DispatchCommand;
import treant.interactions.ExplainFailure;
import treant.interactions.ParseInteraction;
import treant.interactions.VerifySignature;

/**
 * The api role's processors. The public key is decoded here, once: a malformed key stops
 * start-up with a message that names the property.
 */
public class ApiBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        String publicKey = settings.required("treant.discord.public-key", "api");
        VerifySignature verifySignature;
        try {
            verifySignature = new VerifySignature(publicKey, settings.getLong("treant.discord.timestamp-window"));
        } catch (IllegalArgumentException malformed) {
            throw new IllegalStateException("cannot start the api role: " + malformed.getMessage(), malformed);
        }
        ObjectMapper mapper = context.getRegistry().lookupByNameAndType("jsonMapper", ObjectMapper.class);
        context.getRegistry().bind("verifySignature", verifySignature);
        context.getRegistry().bind("explainFailure", new ExplainFailure());
        context.getRegistry().bind("parseInteraction", new ParseInteraction(mapper));
        context.getRegistry().bind("dispatchCommand", new DispatchCommand(
                settings.getInt("treant.tts.max-text-length"), settings.getLong("treant.gold.max-amount")));
    }
}
