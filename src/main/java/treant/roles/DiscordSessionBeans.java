package treant.roles;

import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.Registry;
import treant.gateway.DiscordGatewayHealthCheck;
import treant.gateway.DiscordSession;

/**
 * The process's one Discord gateway session (JDA), shared by the voice role and the api's gateway door.
 * It asks only for what this process's roles use, and logs in once Camel has fully started (the routes
 * that take its events are running by then), out when Camel stops. The process is ready while it is
 * CONNECTED.
 */
public class DiscordSessionBeans implements Beans {

    @PropertyInject("treant.discord.token") String token;
    @PropertyInject("treant.roles") String roles;
    @PropertyInject("treant.discord.interactions") String interactionsMode;
    @PropertyInject("treant.discord.api-url") String apiUrl;
    @PropertyInject("treant.discord.gateway-url") String gatewayUrl;
    @PropertyInject("treant.discord.gateway-compression") String compression;

    @Override
    public void bind(CamelContext camel) throws Exception {
        Registry beans = camel.getRegistry();
        DiscordSession session = DiscordSession.of(token, roles, interactionsMode, apiUrl, gatewayUrl, compression);
        beans.bind("discordSession", DiscordSession.class, session, null, "stop");
        beans.bind("discordGatewayHealthCheck", DiscordGatewayHealthCheck.of(session));
        camel.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // not yet: the routes are about to start
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                session.start();
            }
        });
    }
}
