package treant.lambda;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.main.Main;
import org.apache.camel.support.RandomUuidGenerator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.util.TimeValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import treant.TreantMain;

/**
 * One role's flows in a Lambda execution environment: TreantMain without its doors (no HTTP
 * server, no SQS consumer; the Lambda service is the door), started once and kept for every
 * invocation. Configuration is the same as a server's: application.properties overridden by the
 * TREANT_* environment variables; only the role is forced, by the handler.
 */
final class LambdaCamel {

    private static final Logger LOG = LoggerFactory.getLogger(LambdaCamel.class);

    final Main main;
    final CamelContext context;
    final ProducerTemplate template;

    private LambdaCamel(Main main) {
        this.main = main;
        this.context = main.getCamelContext();
        this.template = context.createProducerTemplate();
    }

    static LambdaCamel start(String role) {
        long started = System.nanoTime();
        Main main = TreantMain.create(false);
        main.addOverrideProperty("treant.roles", role);
        // nothing can reach a port inside a Lambda environment: no management/health server, and no
        // metrics registry that nothing could scrape (the functions' artifact has none)
        main.addOverrideProperty("camel.management.enabled", "false");
        main.addOverrideProperty("camel.metrics.enabled", "false");
        try {
            main.start();
        } catch (Exception e) {
            // the runtime client reports this as an init error and Lambda retries the init
            throw new IllegalStateException("Camel did not start for role " + role + ": " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(main::stop, "treant-lambda-stop"));
        LOG.info("role {} ready in {} ms", role, (System.nanoTime() - started) / 1_000_000);
        return new LambdaCamel(main);
    }

    /** Tests and benchmarks that run a handler in-process; on Lambda the environment just ends. */
    void stop() {
        main.stop();
    }

    String property(String name) {
        return context.resolvePropertyPlaceholders("{{" + name + "}}");
    }

    Exchange send(String uri, org.apache.camel.Processor request) {
        return template.send(uri, request);
    }

    /**
     * After a SnapStart restore, what the snapshot must not carry on with:
     * <ul>
     * <li>pooled connections of Camel's http/https components (Discord, Blizzard, Gemini): their TCP
     *     peers are gone; closing idle ones makes the first call open a new connection instead of
     *     failing on a dead one. The AWS SDK clients expose no pool: see docs/lambda.md for why
     *     they have nothing pooled at the checkpoint.</li>
     * <li>the exchange-id generator: Camel's default derives ids from a seed taken once at start,
     *     so every environment restored from one snapshot would log the same id sequence.</li>
     * </ul>
     */
    void afterRestore() {
        for (String name : new String[] {"http", "https"}) {
            if (context.hasComponent(name) instanceof HttpComponent http
                    && http.getClientConnectionManager() instanceof PoolingHttpClientConnectionManager pool) {
                pool.closeIdle(TimeValue.ZERO_MILLISECONDS);
                pool.closeExpired();
            }
        }
        context.setUuidGenerator(new RandomUuidGenerator());
        LOG.info("restored from snapshot: idle HTTP connections closed, exchange ids re-seeded");
    }
}
