package treant.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import treant.Keys;
import treant.jobs.CommandJob;

/**
 * One time budget per delivery of a command job, so that a job ends in an answer (or the error
 * edit) while Discord's interaction token still lives, and its redelivery comes in time too.
 * <ul>
 * <li>{@link #start}: the job's deadline is {@code treant.worker.job-budget-seconds} after this
 *     delivery began, never past the token's life, never past the door's own deadline (a Lambda
 *     invocation's). Calls must end {@code treant.worker.error-edit-reserve-seconds} before it:
 *     that share is kept for the error edit ({@link #openReserve}).</li>
 * <li>{@link #allowsRetry}: the worker's error handler asks before each retry; a retry whose delay
 *     ({@code retry_after} or the backoff) would leave no room for the call is not made.</li>
 * <li>{@link treant.CallDeadlines} cuts every outbound HTTP call at {@link Keys#CALL_DEADLINE}.</li>
 * </ul>
 */
public final class JobBudget {

    private static final Logger LOG = LoggerFactory.getLogger(JobBudget.class);
    /** The least a retried call needs to be worth making. */
    static final Duration CALL_ROOM = Duration.ofSeconds(1);
    /** The api stamps receivedAt within Discord's 3 s of the interaction, when the token was made. */
    static final Duration FIRST_ANSWER_WINDOW = Duration.ofSeconds(3);

    private final Clock clock;
    private final Duration budget;
    private final Duration errorEditReserve;
    private final Duration tokenLife;
    private final int maxRedeliveries;
    private final long initialDelayMs;
    private final long maxDelayMs;

    /**
     * @param budgetSeconds            one delivery's whole time, error edit included
     * @param errorEditReserveSeconds  the end of the budget kept for the error edit
     * @param tokenLifeSeconds         the interaction token's life (900)
     * @param maxRedeliveries          retries of one call at most
     * @param initialDelayMs           first retry delay, doubled each time up to {@code maxDelayMs}
     */
    public JobBudget(Clock clock, long budgetSeconds, long errorEditReserveSeconds, long tokenLifeSeconds,
                     int maxRedeliveries, long initialDelayMs, long maxDelayMs) {
        if (errorEditReserveSeconds >= budgetSeconds) {
            throw new IllegalArgumentException("treant.worker.error-edit-reserve-seconds (" + errorEditReserveSeconds
                    + ") must be less than treant.worker.job-budget-seconds (" + budgetSeconds + ")");
        }
        this.clock = clock;
        this.budget = Duration.ofSeconds(budgetSeconds);
        this.errorEditReserve = Duration.ofSeconds(errorEditReserveSeconds);
        this.tokenLife = Duration.ofSeconds(tokenLifeSeconds);
        this.maxRedeliveries = maxRedeliveries;
        this.initialDelayMs = initialDelayMs;
        this.maxDelayMs = maxDelayMs;
    }

    /** Processor, right after the job is read: sets {@link Keys#JOB_DEADLINE} and {@link Keys#CALL_DEADLINE}. */
    public void start(Exchange exchange) {
        Instant deadline = deadline(exchange.getProperty(Keys.JOB, CommandJob.class),
                exchange.getProperty(Keys.DOOR_DEADLINE, Instant.class), clock.instant());
        exchange.setProperty(Keys.JOB_DEADLINE, deadline);
        exchange.setProperty(Keys.CALL_DEADLINE, deadline.minus(errorEditReserve));
    }

    Instant deadline(CommandJob job, Instant doorDeadline, Instant now) {
        Instant deadline = now.plus(budget);
        if (job != null && job.receivedAt() != null) {
            deadline = min(deadline, job.receivedAt().plus(tokenLife).minus(FIRST_ANSWER_WINDOW));
        }
        return doorDeadline == null ? deadline : min(deadline, doorDeadline);
    }

    /** Processor, on the failure path: the error edit may use the reserved end of the budget. */
    public void openReserve(Exchange exchange) {
        Instant deadline = exchange.getProperty(Keys.JOB_DEADLINE, Instant.class);
        if (deadline != null) {
            exchange.setProperty(Keys.CALL_DEADLINE, deadline);
        }
    }

    /**
     * The error handler's {@code retryWhile} (after its {@code onExceptionOccurred} has set a 429's
     * delay): at most {@code maxRedeliveries} retries, and only while the next try, after its delay,
     * still has {@link #CALL_ROOM} before the call deadline. Exchanges outside a job (the directory
     * refresh) have no deadline: only the count applies.
     */
    public boolean allowsRetry(Exchange exchange) {
        // the error handler has counted the redelivery it is asking about: 1 before the first retry
        int next = Math.max(1, exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class));
        if (next > maxRedeliveries) {
            return false;
        }
        Instant callDeadline = exchange.getProperty(Keys.CALL_DEADLINE, Instant.class);
        if (callDeadline == null) {
            return true;
        }
        Long asked = exchange.getMessage().getHeader(Exchange.REDELIVERY_DELAY, Long.class);
        long delay = asked != null ? asked : backoffMs(next);
        Instant nextTry = clock.instant().plusMillis(delay);
        boolean fits = !nextTry.plus(CALL_ROOM).isAfter(callDeadline);
        if (!fits) {
            CommandJob job = exchange.getProperty(Keys.JOB, CommandJob.class);
            LOG.info("job {}: no retry in {} ms, the job's time budget ends at {}",
                    job == null ? "?" : job.interactionId(), delay, callDeadline);
        }
        return fits;
    }

    /** Camel's exponential backoff as the worker's redelivery policy computes it (multiplier 2). */
    long backoffMs(int redelivery) {
        long delay = initialDelayMs;
        for (int i = 1; i < redelivery && delay < maxDelayMs; i++) {
            delay *= 2;
        }
        return Math.min(delay, maxDelayMs);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
