package treant.voice;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import treant.jobs.VoiceJob;

/** Body {@link VoiceJob} → the neutralised plain text the speech engine reads. */
public final class SpeechTextOf implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        VoiceJob job = exchange.getMessage().getMandatoryBody(VoiceJob.class);
        exchange.getMessage().setBody(SpeechText.neutralise(job.text()));
    }
}
