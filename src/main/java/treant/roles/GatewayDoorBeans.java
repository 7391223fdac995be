package treant.roles;

import java.time.Clock;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.CamelContextHelper;
import treant.discord.DiscordClock;
import treant.gateway.DiscordSession;
import treant.gateway.GatewayInteractions;
import treant.interactions.FlowAnswer;
import treant.interactions.InteractionAge;

/** The api's gateway door (treant.discord.interactions = gateway): interactions from the bot's session. */
public class GatewayDoorBeans implements Beans {

    @PropertyInject("treant.gateway.queue-size") int queueSize;
    @PropertyInject("treant.gateway.max-age-ms") long maxAgeMs;

    @Override
    public void bind(CamelContext camel) {
        Registry beans = camel.getRegistry();
        DiscordSession session = CamelContextHelper.mandatoryLookup(camel, "discordSession", DiscordSession.class);
        Clock clock = CamelContextHelper.mandatoryLookup(camel, "clock", Clock.class);
        // JDA's gateway thread only enqueues; the api-gateway route takes it from there
        beans.bind("gatewayInteractions", GatewayInteractions.class,
                new GatewayInteractions(session, "seda:gateway-interactions?size=" + queueSize), "start", "stop");
        beans.bind("flowAnswer", new FlowAnswer());
        // Discord's clock (the Date of its REST answers): interactions' ages are Discord's, not this machine's
        DiscordClock discordClock = new DiscordClock(clock);
        beans.bind("discordClock", discordClock);
        beans.bind("interactionAge", new InteractionAge(maxAgeMs, discordClock));
    }
}
