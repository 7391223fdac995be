package treant.metrics;

import treant.Keys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
 * {@code job} or, failing that, in the body. Without a registry (metrics off) it does nothing.
 */
public final class RecordQueueToAnswer implements Processor {

    public static final String TIMER = "treant.queue.to.answer";

    private final Clock clock;

    public RecordQueueToAnswer() {
        this(Clock.systemUTC());
    }

    public RecordQueueToAnswer(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        MeterRegistry registry = exchange.getContext().getRegistry().findSingleByType(MeterRegistry.class);
        if (registry == null) {
            return;
        }
        Object job = exchange.getProperty(Keys.JOB);
        switch (job) {
            case CommandJob c when c.receivedAt() != null -> record(registry, c.command(), c.receivedAt(), clock.instant());
            case VoiceJob v when v.receivedAt() != null -> record(registry, "voice", v.receivedAt(), clock.instant());
            case null, default -> { } // nothing to measure: not a job (or no timestamp)
        }
    }

    static void record(MeterRegistry registry, String command, Instant receivedAt, Instant answeredAt) {
        Timer.builder(TIMER)
                .description("time from the api accepting a job to its answer")
                .tag("command", command == null ? "unknown" : command)
                // buckets around Discord's limits: 3 s first answer, 15 min token lifetime
                .serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(10),
                        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15))
                .register(registry)
                .record(Duration.between(receivedAt, answeredAt).isNegative() ? Duration.ZERO : Duration.between(receivedAt, answeredAt));
    }
}
