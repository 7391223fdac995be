package treant.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * The lines one logger, every logger under some prefixes, or every logger writes while a test runs
 * (what an owner reads in the log).
 */
public final class LogLines extends AbstractAppender implements AutoCloseable {

    private record Entry(Level level, String logger, String message, Throwable thrown) {
        String line() {
            return level + " " + message;
        }
    }

    private final List<String> prefixes;
    private final Runnable detach;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    private LogLines(String name, List<String> prefixes, Function<LogLines, Runnable> attach) {
        super("test-" + name, null, null, true, Property.EMPTY_ARRAY);
        this.prefixes = prefixes;
        start();
        this.detach = attach.apply(this);
    }

    public static LogLines of(Class<?> type) {
        Logger logger = (Logger) LogManager.getLogger(type);
        return new LogLines(logger.getName(), List.of(), capture -> {
            logger.addAppender(capture);
            return () -> logger.removeAppender(capture);
        });
    }

    /** Every logger whose name starts with one of {@code prefixes} ("treant", "org.apache.camel", a route id: its log steps). */
    public static LogLines under(String... prefixes) {
        LoggerConfig root = ((LoggerContext) LogManager.getContext(false)).getConfiguration().getRootLogger();
        return new LogLines("root-" + String.join("-", prefixes), List.of(prefixes), capture -> {
            root.addAppender(capture, null, null);
            return () -> root.removeAppender(capture.getName());
        });
    }

    /** Every logger's lines (Vert.x, Netty, Camel, Treant) that reach the root logger's appenders. */
    public static LogLines ofAll() {
        return under();
    }

    @Override
    public void append(LogEvent event) {
        if (!prefixes.isEmpty() && prefixes.stream().noneMatch(p -> event.getLoggerName().startsWith(p))) {
            return;
        }
        entries.add(new Entry(event.getLevel(), event.getLoggerName(), event.getMessage().getFormattedMessage(),
                event.getThrown()));
    }

    /** "LEVEL message", in order. */
    public List<String> lines() {
        return entries.stream().map(Entry::line).toList();
    }

    /** The lines that came with a stack trace, each prefixed by its logger's name. */
    public List<String> stackTraces() {
        return entries.stream().filter(e -> e.thrown() != null).map(e -> e.logger() + ": " + e.line()).toList();
    }

    /** The lines above INFO, with their logger's name and the exception they carried. */
    public List<String> warningsAndErrors() {
        return entries.stream().filter(e -> e.level().isMoreSpecificThan(Level.WARN))
                .map(e -> e.level() + " " + e.logger() + " " + e.message() + (e.thrown() == null ? "" : " " + e.thrown()))
                .toList();
    }

    @Override
    public void close() {
        detach.run();
        stop();
    }
}
