package treant.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1 connection's request heads, between Vert.x's decoder and its connection handler (all on
 * the connection's event loop, so no locking):
 * <ul>
 *   <li>the deadline: bytes arriving while no request is open start the clock, and the request's
 *       headers must be whole ({@link HttpRequest} decoded) within {@code headerTimeoutMs}, or the
 *       connection is closed. A silent connection is the idle timeout's;</li>
 *   <li>the media type lower-cased: {@code APPLICATION/JSON} is {@code application/json} (RFC 9110
 *       §8.3.1), but Vert.x Web compares a route's {@code consumes} case-sensitively.</li>
 * </ul>
 */
final class RequestHeadGuard extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHeadGuard.class);

    private final long headerTimeoutMs;
    private long requests;
    private long answered;
    private boolean decodedInThisRead;
    private ScheduledFuture<?> deadline;

    RequestHeadGuard(long headerTimeoutMs) {
        this.headerTimeoutMs = headerTimeoutMs;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        decodedInThisRead = true;
        if (msg instanceof HttpRequest request) {
            requests++;
            cancelDeadline();
            lowerCaseMediaType(request.headers());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // bytes came in, the decoder made nothing of them yet, and no request is open: a request head has begun
        if (!decodedInThisRead && requests == answered && deadline == null && headerTimeoutMs > 0) {
            deadline = ctx.executor().schedule(() -> {
                deadline = null;
                if (requests == answered) {
                    LOG.debug("closing {}: no whole request head within {} ms", ctx.channel().remoteAddress(), headerTimeoutMs);
                    ctx.close();
                }
            }, headerTimeoutMs, TimeUnit.MILLISECONDS);
        }
        decodedInThisRead = false;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent) {
            ChannelPromise written = promise.unvoid();
            written.addListener(done -> answered++);
            ctx.write(msg, written);
            return;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelDeadline();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelDeadline();
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    /** {@code type/subtype} in lower case, parameters as sent. */
    static void lowerCaseMediaType(HttpHeaders headers) {
        String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType == null) {
            return;
        }
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        String lower = type.toLowerCase(Locale.ROOT);
        if (!lower.equals(type)) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, semicolon < 0 ? lower : lower + contentType.substring(semicolon));
        }
    }
}
