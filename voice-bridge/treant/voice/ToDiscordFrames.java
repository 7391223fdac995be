package treant.voice;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Body: 16 kHz mono s16le PCM (byte[]) → {@code List<byte[]>} of JDA's 20 ms 48 kHz stereo s16be frames.
 * Speech longer than {@code maxAudioSeconds} is refused before it is expanded six-fold into frames.
 */
public final class ToDiscordFrames implements Processor {

    private final int maxAudioSeconds;

    public ToDiscordFrames(int maxAudioSeconds) {
        this.maxAudioSeconds = maxAudioSeconds;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        byte[] pcm = exchange.getMessage().getMandatoryBody(byte[].class);
        if (pcm.length < 2) {
            throw new SpeechSynthesisException("speech engine returned no audio");
        }
        long seconds = pcm.length / (DiscordPcm.SOURCE_RATE * 2L);
        if (seconds > maxAudioSeconds) {
            throw new SpeechTooLongException("speech of " + seconds + " s is over treant.voice.max-audio-seconds ("
                    + maxAudioSeconds + " s)");
        }
        exchange.getMessage().setBody(DiscordPcm.framesFrom16kMonoLe(pcm));
    }
}
