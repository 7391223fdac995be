package treant.voice;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Bounds how many voice jobs are in the route at once. Playback is asynchronous, so without a bound the SQS
 * consumer would keep receiving and synthesising jobs (megabytes of PCM each) while guilds are still speaking.
 * Blocking the consumer thread here slows its polling instead; the permit is returned when the exchange ends.
 */
public final class VoiceInFlightLimit implements Processor {

    private final Semaphore permits;

    public VoiceInFlightLimit(int maxInFlight) {
        this.permits = new Semaphore(maxInFlight, true);
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        // SQS keeps the message invisible meanwhile (extendMessageVisibility), so waiting loses nothing
        while (!permits.tryAcquire(1, TimeUnit.SECONDS)) {
            if (!exchange.getContext().getStatus().isStarted()) {
                throw new IllegalStateException("stopping: voice job left for redelivery");
            }
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                permits.release();
            }
        });
    }

    public int available() {
        return permits.availablePermits();
    }
}
