package treant.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** The lines one logger (or every logger under some prefixes) writes while a test runs (what an owner reads in the log). */
public final class LogLines extends AbstractAppender implements AutoCloseable {

    private final Logger logger;
    private final List<String> prefixes;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> stackTraces = new CopyOnWriteArrayList<>();

    private LogLines(Logger logger, List<String> prefixes) {
        super("test-" + logger.getName(), null, null, true, Property.EMPTY_ARRAY);
        this.logger = logger;
        this.prefixes = prefixes;
    }

    public static LogLines of(Class<?> type) {
        return attach(new LogLines((Logger) LogManager.getLogger(type), List.of()));
    }

    /** Every logger whose name starts with one of {@code prefixes} ("treant", "org.apache.camel", a route id: its log steps). */
    public static LogLines under(String... prefixes) {
        return attach(new LogLines((Logger) LogManager.getRootLogger(), List.of(prefixes)));
    }

    private static LogLines attach(LogLines capture) {
        capture.start();
        capture.logger.addAppender(capture);
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        if (!prefixes.isEmpty() && prefixes.stream().noneMatch(p -> event.getLoggerName().startsWith(p))) {
            return;
        }
        String line = event.getLevel() + " " + event.getMessage().getFormattedMessage();
        lines.add(line);
        if (event.getThrown() != null) {
            stackTraces.add(event.getLoggerName() + ": " + line);
        }
    }

    /** "LEVEL message", in order. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines that came with a stack trace, each prefixed by its logger's name. */
    public List<String> stackTraces() {
        return List.copyOf(stackTraces);
    }

    @Override
    public void close() {
        logger.removeAppender(this);
        stop();
    }
}
