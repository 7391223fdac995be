package treant.metrics;

import treant.Keys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import treant.jobs.CommandJob;
import treant.jobs.VoiceJob;

/**
 * Records how long a job took from the api accepting the interaction ({@code receivedAt}) to the
 * answer, as the timer {@code treant.queue.to.answer} (Prometheus: {@code treant_queue_to_answer_seconds})
 * tagged with the command. Discord's interaction token dies after 15 minutes, so this is the number
 * that says whether deferred answers arrive in time.
 *
 * <p>Use as the last step of a worker/voice route: it finds the job in the exchange variable
 * {@code job} or, failing that, in the body. Metrics off, or without a registry, it does nothing.
 */
public final class RecordQueueToAnswer implements Processor {

    public static final String TIMER = "treant.queue.to.answer";

    // buckets around Discord's limits: 3 s first answer, 15 min token lifetime
    private static final Duration[] BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15)};

    private final Clock clock;
    private final Meters meters = new Meters();

    public RecordQueueToAnswer() {
        this(Clock.systemUTC());
    }

    public RecordQueueToAnswer(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        if (!meters.enabled(exchange.getContext())) {
            return;
        }
        Object job = exchange.getProperty(Keys.JOB);
        switch (job) {
            case CommandJob c when c.receivedAt() != null -> record(exchange, c.command(), c.receivedAt());
            case VoiceJob v when v.receivedAt() != null -> record(exchange, "voice", v.receivedAt());
            case null, default -> { } // nothing to measure: not a job (or no timestamp)
        }
    }

    private void record(Exchange exchange, String command, Instant receivedAt) {
        Duration took = Duration.between(receivedAt, clock.instant());
        meters.record(exchange.getContext(), TIMER, "time from the api accepting a job to its answer", BUCKETS,
                took.isNegative() ? Duration.ZERO : took, "command", command == null ? "unknown" : command);
    }
}
