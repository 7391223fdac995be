package treant.http;

import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

/**
 * Vert.x's request decoder, except that a request with both {@code Content-Length} and
 * {@code Transfer-Encoding: chunked} is invalid (Vert.x answers an invalid request 400 and closes the
 * connection). Netty drops the length and reads the chunks, as RFC 9112 §6.3 allows; but two framings
 * in one request are how requests are smuggled past a proxy that reads the other one, and no honest
 * client sends both.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

    StrictRequestDecoder(HttpServerOptions options) {
        super(options);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        // thrown while the headers are read: Netty marks the request as failed to decode
        throw new IllegalArgumentException("both Content-Length and Transfer-Encoding: chunked");
    }
}
