package treant.voice;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Bounds the audio the voice role holds at once, in bytes. Playback is asynchronous, so without a bound
 * the SQS consumer would keep receiving and synthesising jobs while guilds are still speaking. Before
 * synthesis a job reserves an upper bound of its audio, computed from the text (the body); once its
 * frames exist the reservation is settled to their real size (waiting for room should they be larger);
 * it is given back when the exchange ends.
 * A job that does not fit waits on the consumer's thread (SQS keeps the message invisible meanwhile),
 * which slows polling instead of filling the heap. A job bigger than the whole budget still runs, alone.
 */
public final class AudioBudget implements Processor {

    /** What one second of speech costs while it waits: 16 kHz mono s16 PCM, then 48 kHz stereo s16 frames. */
    static final long BYTES_PER_SECOND = DiscordPcm.SOURCE_RATE * 2 + DiscordPcm.TARGET_RATE * 2 * 2;
    /** Speech runs at 12 to 16 characters a second; 10 makes the estimate an upper bound. */
    static final double CHARACTERS_PER_SECOND = 10;

    private static final String RESERVED = "voiceAudioReserved";

    private final long maxBytes;
    private final long maxJobBytes;
    private long used;
    /** Settles waiting to grow: new reservations wait behind them, so that they are not starved. */
    private int growing;

    /**
     * @param maxMegabytesInFlight the budget
     * @param maxAudioSeconds      the longest speech one job may produce ({@link ToDiscordFrames} refuses longer)
     */
    public AudioBudget(int maxMegabytesInFlight, int maxAudioSeconds) {
        this.maxBytes = maxMegabytesInFlight * 1024L * 1024L;
        this.maxJobBytes = maxAudioSeconds * BYTES_PER_SECOND;
    }

    /** Processor: body = the text to speak; reserves its audio, waiting while the budget is spent. */
    @Override
    public void process(Exchange exchange) throws InterruptedException {
        String text = exchange.getMessage().getBody(String.class);
        long need = estimate(text);
        synchronized (this) {
            while (growing > 0 || !fits(need)) {
                await(exchange);
            }
            used += need;
        }
        exchange.setProperty(RESERVED, need);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                give(done.getProperty(RESERVED, 0L, Long.class));
            }
        });
    }

    /**
     * Bean method, after {@link ToDiscordFrames}: the reservation becomes the frames' real size. A size
     * larger than reserved (an estimate that fell short) waits for room like a new reservation, its
     * reservation given back meanwhile (two growing jobs never wait on each other): the budget is
     * never overshot, except by one job alone.
     */
    public void settle(Exchange exchange) throws InterruptedException {
        List<?> frames = exchange.getMessage().getBody(List.class);
        long actual = frames == null ? 0 : (long) frames.size() * DiscordPcm.FRAME_BYTES;
        long reserved = exchange.getProperty(RESERVED, 0L, Long.class);
        synchronized (this) {
            if (actual > reserved) {
                used -= reserved;
                exchange.setProperty(RESERVED, 0L);
                notifyAll();
                growing++;
                try {
                    while (!fits(actual)) {
                        await(exchange);
                    }
                } finally {
                    growing--;
                }
                used += actual;
            } else {
                used -= reserved - actual;
                notifyAll();
            }
            exchange.setProperty(RESERVED, actual);
        }
    }

    /** Room for {@code need} more bytes, or nothing held at all (a job bigger than the budget runs alone). */
    private boolean fits(long need) {
        return used == 0 || used + need <= maxBytes;
    }

    /** Waits (holding this monitor) for audio to be given back; gives up when Camel is stopping. */
    private void await(Exchange exchange) throws InterruptedException {
        wait(1_000);
        if (!exchange.getContext().getStatus().isStarted()) {
            throw new IllegalStateException("stopping: voice job left for redelivery");
        }
    }

    long estimate(String text) {
        int characters = text == null ? 0 : text.codePointCount(0, text.length());
        long seconds = (long) Math.ceil(characters / CHARACTERS_PER_SECOND) + 1;
        return Math.min(maxJobBytes, seconds * BYTES_PER_SECOND);
    }

    private synchronized void give(long bytes) {
        used -= bytes;
        notifyAll();
    }

    /** Bytes reserved or held right now. */
    public synchronized long used() {
        return used;
    }
}
