package treant.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** The lines one logger (or every logger) writes while a test runs (what an owner reads in the log). */
public final class LogLines extends AbstractAppender implements AutoCloseable {

    private final Runnable detach;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogLines(String name, java.util.function.Function<LogLines, Runnable> attach) {
        super("test-" + name, null, null, true, Property.EMPTY_ARRAY);
        start();
        this.detach = attach.apply(this);
    }

    public static LogLines of(Class<?> type) {
        Logger logger = (Logger) LogManager.getLogger(type);
        return new LogLines(logger.getName(), capture -> {
            logger.addAppender(capture);
            return () -> logger.removeAppender(capture);
        });
    }

    /** Every logger's lines (Vert.x, Netty, Camel, Treant) that reach the root logger's appenders. */
    public static LogLines ofAll() {
        LoggerConfig root = ((LoggerContext) LogManager.getContext(false)).getConfiguration().getRootLogger();
        return new LogLines("root", capture -> {
            root.addAppender(capture, null, null);
            return () -> root.removeAppender(capture.getName());
        });
    }

    @Override
    public void append(LogEvent event) {
        lines.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getMessage().getFormattedMessage()
                + (event.getThrown() == null ? "" : " " + event.getThrown()));
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines above INFO. */
    public List<String> warningsAndErrors() {
        return lines.stream().filter(l -> l.startsWith("WARN ") || l.startsWith("ERROR ") || l.startsWith("FATAL ")).toList();
    }

    @Override
    public void close() {
        detach.run();
        stop();
    }
}
