package treant.queues;

import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exception handler of an SQS consumer whose flow logs its own failures. Camel's SQS consumer
 * reports a failed exchange twice (when it rolls back and when its callback ends), each time with a
 * stack trace; the flow has already said what failed in one line, so those reports go to DEBUG.
 * Anything else the consumer reports (a failed delete) stays a WARN line.
 */
public final class ConsumerFailureLog implements ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerFailureLog.class);

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        if (exchange != null && exception != null && exception == exchange.getException()) {
            LOG.debug("{} (the flow has logged it)", message, exception);
        } else {
            LOG.warn("{}: {}", message == null ? "SQS consumer failure" : message, exception);
        }
    }
}
