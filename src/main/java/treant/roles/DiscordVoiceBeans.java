package treant.roles;

import org.apache.camel.CamelContext;
import org.apache.camel.support.CamelContextHelper;
import treant.gateway.DiscordSession;
import treant.voice.JdaVoiceGateway;
import treant.voice.VoiceGateway;

/** The voice role's side of Discord (treant.voice.gateway = discord): members in voice, playing into their channel. */
public class DiscordVoiceBeans implements Beans {

    @Override
    public void bind(CamelContext camel) {
        DiscordSession session = CamelContextHelper.mandatoryLookup(camel, "discordSession", DiscordSession.class);
        camel.getRegistry().bind("voiceGateway", VoiceGateway.class, new JdaVoiceGateway(session));
    }
}
