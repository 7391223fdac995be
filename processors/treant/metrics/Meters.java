package treant.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.apache.camel.CamelContext;

/**
 * Where {@link CommandMetrics} and {@link RecordQueueToAnswer} meet Micrometer: the process's registry,
 * looked up only while metrics are on ({@code camel.metrics.enabled}, on unless set false). The Lambda
 * functions turn metrics off (nothing can scrape a function) and their artifact has no Micrometer, so
 * the two beans name no Micrometer type in their fields or methods (Camel reads both when it builds a
 * bean), and with metrics off nothing here loads one. Public only because {@code camel run} makes an
 * instance of every class it compiles that has a no-argument constructor (bin/camel-run).
 */
public final class Meters {

    private volatile Boolean on;
    private volatile MeterRegistry registry;

    boolean enabled(CamelContext context) {
        Boolean enabled = on;
        if (enabled == null) {
            enabled = context.getPropertiesComponent().resolveProperty("camel.metrics.enabled").map(Boolean::parseBoolean).orElse(true);
            on = enabled;
        }
        return enabled;
    }

    /** One duration on the timer {@code name}; nothing with metrics off or no registry (yet). */
    void record(CamelContext context, String name, String description, Duration[] buckets, Duration value, String... tags) {
        MeterRegistry r = registry(context);
        if (r != null) {
            Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(buckets).register(r).record(value);
        }
    }

    /** One more on the counter {@code name}; nothing with metrics off or no registry (yet). */
    void count(CamelContext context, String name, String description, String... tags) {
        MeterRegistry r = registry(context);
        if (r != null) {
            Counter.builder(name).description(description).tags(tags).register(r).increment();
        }
    }

    private MeterRegistry registry(CamelContext context) {
        if (!enabled(context)) {
            return null;
        }
        MeterRegistry r = registry;
        if (r == null) {
            r = context.getRegistry().findSingleByType(MeterRegistry.class);
            registry = r;
        }
        return r;
    }
}
