package treant.gateway;

import net.dv8tion.jda.api.utils.data.DataObject;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway door's listener: each {@code INTERACTION_CREATE} of the {@link DiscordSession} goes, as
 * the raw interaction JSON with its id and token in headers, to {@code endpointUri} (a seda queue, so
 * JDA's gateway thread only enqueues; the door route takes it from there).
 */
public final class GatewayInteractions implements CamelContextAware {

    /** The interaction's id and token, read from the payload for the door route (callback URL, age). */
    public static final String ID = "DiscordInteractionId";
    public static final String TOKEN = "DiscordInteractionToken";

    private static final Logger LOG = LoggerFactory.getLogger(GatewayInteractions.class);

    private final DiscordSession session;
    private final String endpointUri;
    private CamelContext context;
    private volatile ProducerTemplate template;

    public GatewayInteractions(DiscordSession session, String endpointUri) {
        this.session = session;
        this.endpointUri = endpointUri;
    }

    public void start() {
        session.onInteraction(this::accept);
    }

    public void stop() throws Exception {
        if (template != null) {
            template.stop();
        }
    }

    void accept(DataObject interaction) {
        String id = interaction.getString("id", null);
        Exchange sent = template().send(endpointUri, ExchangePattern.InOnly, exchange -> {
            exchange.getMessage().setBody(interaction.toJson());
            exchange.getMessage().setHeader(ID, id);
            exchange.getMessage().setHeader(TOKEN, interaction.getString("token", null));
        });
        if (sent.getException() != null) {
            // the door's queue is full (or Camel is stopping): Discord shows the user "interaction failed"
            LOG.warn("interaction {} dropped: {}", id, sent.getException().getMessage());
        }
    }

    /** Made at the first interaction: the session connects only once Camel has started. */
    private ProducerTemplate template() {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
                t = template;
            }
        }
        return t;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }
}
