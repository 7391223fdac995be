package treant.http;

import io.netty.channel.ChannelPipeline;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.impl.VertxWrapper;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The Vert.x of this process's HTTP servers (the interactions door and Camel's management server),
 * whose servers close the connections that hold the door without using it.
 *
 * <p>Camel 4.18's platform-http builds Vert.x's {@code HttpServerOptions} itself
 * ({@code VertxPlatformHttpServer.startServer}: {@code new HttpServerOptions()}, SSL only) and offers
 * neither an idle timeout nor a hook on connections, but it takes the process's {@link Vertx} from the
 * registry. This one gives every server it creates:
 * <ul>
 *   <li>Vert.x's idle timeout: a connection with no byte in or out for that long is closed;</li>
 *   <li>a request-head deadline ({@link RequestHeadGuard}): once a request has begun, its headers must
 *       be whole within that time. The idle timeout restarts at every byte, so a client trickling one
 *       header line at a time would otherwise hold a connection for ever; Camel's request timeout
 *       starts only once the headers are in;</li>
 *   <li>a request decoder that refuses a request carrying both {@code Content-Length} and chunked
 *       encoding with 400 ({@link StrictRequestDecoder}; Netty would drop the length and go on);</li>
 *   <li>HTTP/1.1 only: no cleartext HTTP/2, which none of our callers (Discord, API Gateway) uses
 *       and which would pass around the guards above.</li>
 * </ul>
 */
public final class HttpDoorVertx extends VertxWrapper {

    private final long idleTimeoutMs;
    private final long headerTimeoutMs;

    private HttpDoorVertx(VertxInternal delegate, long idleTimeoutMs, long headerTimeoutMs) {
        super(delegate);
        this.idleTimeoutMs = idleTimeoutMs;
        this.headerTimeoutMs = headerTimeoutMs;
    }

    /** @param idleTimeoutMs, headerTimeoutMs 0 = off */
    public static HttpDoorVertx of(VertxOptions options, long idleTimeoutMs, long headerTimeoutMs) {
        return new HttpDoorVertx((VertxInternal) Vertx.vertx(options), idleTimeoutMs, headerTimeoutMs);
    }

    /**
     * Binds the HTTP servers' Vert.x into {@code context}'s registry, where Camel's platform-http and
     * management servers look it up: event loops and workers from the {@code vertxOptions} bean,
     * timeouts from {@code treant.http.idle-timeout-ms} and {@code treant.http.header-timeout-ms}.
     */
    public static void bindInto(CamelContext context) {
        VertxOptions options = context.getRegistry().findSingleByType(VertxOptions.class);
        PropertiesComponent properties = context.getPropertiesComponent();
        context.getRegistry().bind("httpDoorVertx", of(options == null ? new VertxOptions() : options,
                millis(properties, "treant.http.idle-timeout-ms"), millis(properties, "treant.http.header-timeout-ms")));
    }

    private static long millis(PropertiesComponent properties, String name) {
        String value = properties.resolveProperty(name).orElseThrow(() -> new IllegalArgumentException(name + " is not set"));
        try {
            long ms = Long.parseLong(value.strip());
            if (ms >= 0 && ms <= Integer.MAX_VALUE) {
                return ms;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new IllegalArgumentException(name + " must be a number of milliseconds (0 = off), not '" + value + "'");
    }

    @Override
    public HttpServer createHttpServer(HttpServerOptions options) {
        HttpServerOptions guarded = new HttpServerOptions(options)
                .setIdleTimeout((int) idleTimeoutMs).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setHttp2ClearTextEnabled(false);
        HttpServer server = super.createHttpServer(guarded);
        // called on the connection's event loop as it is set up, before its first byte is read
        server.connectionHandler(connection -> guard(connection, guarded));
        return server;
    }

    @Override
    public HttpServer createHttpServer() {
        return createHttpServer(new HttpServerOptions());
    }

    private void guard(HttpConnection connection, HttpServerOptions options) {
        ChannelPipeline pipeline = ((ConnectionBase) connection).channel().pipeline();
        if (pipeline.get("httpDecoder") == null || pipeline.get("handler") == null) {
            throw new IllegalStateException("Vert.x's HTTP/1 pipeline has changed: the HTTP door cannot guard it");
        }
        pipeline.replace("httpDecoder", "httpDecoder", new StrictRequestDecoder(options));
        pipeline.addBefore("handler", "requestHeadGuard", new RequestHeadGuard(headerTimeoutMs));
    }
}
