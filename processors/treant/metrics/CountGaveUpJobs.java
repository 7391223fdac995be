package treant.metrics;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import treant.Keys;
import treant.jobs.CommandJob;

/**
 * Counts a command job the worker gives up on without an answer (its interaction token died first:
 * the job waited, or failed until then) as {@code treant.jobs.gave.up} (Prometheus
 * {@code treant_jobs_gave_up_total}) tagged with the command, so such jobs are never only a log line.
 * Metrics off (the Lambda functions) or without a registry, it does nothing; the route logs each one.
 */
public final class CountGaveUpJobs implements Processor {

    public static final String COUNTER = "treant.jobs.gave.up";

    private final Meters meters = new Meters();

    @Override
    public void process(Exchange exchange) {
        CommandJob job = exchange.getProperty(Keys.JOB, CommandJob.class);
        meters.count(exchange.getContext(), COUNTER, "command jobs given up unanswered: the interaction token died first",
                "command", job == null || job.command() == null ? "unknown" : job.command(), "reason", "expired");
    }
}
