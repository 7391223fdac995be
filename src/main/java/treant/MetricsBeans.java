package treant;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import treant.metrics.CommandMetrics;

/** Treant's own metrics beside Camel's (camel.metrics.*): per-command counts, outcomes and latency. */
public class MetricsBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        context.getManagementStrategy().addEventNotifier(new CommandMetrics(context));
    }
}
