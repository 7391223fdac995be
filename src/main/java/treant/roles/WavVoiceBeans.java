package treant.roles;

import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import treant.voice.VoiceGateway;
import treant.voice.WavFileVoiceGateway;

/**
 * The voice role where no Discord connection is possible (treant.voice.gateway = wav: camel run,
 * measurements): every member is "in voice", and speech goes into WAV files under treant.voice.wav-dir.
 */
public class WavVoiceBeans implements Beans {

    @PropertyInject("treant.voice.wav-dir") String dir;

    @Override
    public void bind(CamelContext camel) {
        camel.getRegistry().bind("voiceGateway", VoiceGateway.class, new WavFileVoiceGateway(dir));
    }
}
