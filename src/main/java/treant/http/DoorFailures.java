package treant.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What fails in Vert.x's router before a request reaches a route (a body over the limit: 413, a body
 * that does not arrive within the request timeout: 503, a caller that hung up mid-body) is answered
 * with its status and logged at INFO, one line. Without a handler Vert.x Web logs each one as an ERROR
 * with a stack trace ("Unhandled exception in router"): anyone could fill the log with them.
 */
public final class DoorFailures implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(DoorFailures.class);

    /** On the HTTP door's router, once Camel's server has started (it builds the router as it starts). */
    public static void answerOnceStarted(CamelContext context) {
        try {
            context.addStartupListener((started, alreadyStarted) ->
                    answerOn(started.hasService(MainHttpServer.class).getRouter()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot watch the HTTP door's start", e);
        }
    }

    /** The last failure handler of {@code router}'s routes (Camel's own come first). */
    public static void answerOn(Router router) {
        router.route().order(Integer.MAX_VALUE).failureHandler(new DoorFailures());
    }

    @Override
    public void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        String request = ctx.request().method() + " " + ctx.request().path();
        if (failure instanceof HttpClosedException || ctx.response().closed()) {
            LOG.debug("{}: the caller hung up before it was answered", request);
            return;
        }
        int status = ctx.statusCode() > 0 ? ctx.statusCode()
                : failure instanceof HttpException http ? http.getStatusCode() : 500;
        if (status >= 500 && status != 503) {
            // not the caller's doing: ours to fix
            LOG.warn("{}: answered {}", request, status, failure);
        } else {
            LOG.info("{} from {}: answered {} ({})", request, ctx.request().remoteAddress(), status,
                    HttpResponseStatus.valueOf(status).reasonPhrase());
        }
        if (!ctx.response().ended()) {
            String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
            ctx.response().setStatusCode(status).setStatusMessage(reason).end(reason);
        }
    }
}
