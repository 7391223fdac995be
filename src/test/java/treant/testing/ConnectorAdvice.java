package treant.testing;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.util.function.ThrowingConsumer;

/**
 * Advice for the connectors' routes (routes/connectors/*, called as {@code kamelet:<connector>/<route id>}).
 * Those routes are made from their templates while the context starts, after {@code @AdviceRouteMapping}
 * has run, so a test advises them from its {@code @BeforeEach}: once per context.
 */
public final class ConnectorAdvice {

    private ConnectorAdvice() {}

    public static void advise(CamelContext context, ThrowingConsumer<AdviceWithRouteBuilder, Exception> advice,
                              String... routeIds) throws Exception {
        if (context.getGlobalOptions().putIfAbsent("treant.test.connectors-advised", "true") != null) {
            return;
        }
        for (String routeId : routeIds) {
            AdviceWith.adviceWith(context, routeId, advice);
        }
    }
}
