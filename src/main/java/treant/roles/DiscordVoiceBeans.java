package treant.roles;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import treant.gateway.DiscordSession;
import treant.voice.JdaVoiceGateway;
import treant.voice.VoiceGateway;

/** The voice role's side of Discord (treant.voice.gateway = discord): members in voice, playing into their channel. */
public class DiscordVoiceBeans implements Beans {

    // built by the Beans classes before this one (Roles.beanClasses)
    @BeanInject("discordSession") DiscordSession session;

    @Override
    public void bind(CamelContext camel) {
        camel.getRegistry().bind("voiceGateway", VoiceGateway.class, new JdaVoiceGateway(session));
    }
}
