package treant.voice;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Body: 16 kHz mono s16le PCM (byte[]) → {@code List<byte[]>} of JDA's 20 ms 48 kHz stereo s16be frames. */
public final class ToDiscordFrames implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        byte[] pcm = exchange.getMessage().getMandatoryBody(byte[].class);
        if (pcm.length < 2) {
            throw new SpeechSynthesisException("speech engine returned no audio");
        }
        exchange.getMessage().setBody(DiscordPcm.framesFrom16kMonoLe(pcm));
    }
}
