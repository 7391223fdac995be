package treant.worker;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;

/** Sets an exchange up for one outbound camel-http call. */
final class HttpCall {

    private HttpCall() {}

    /**
     * Starts a fresh request: headers left by the previous call (response headers) would otherwise
     * be sent along as request headers. The SQS consumer's own headers stay: it deletes the job
     * message by its receipt handle when the exchange completes.
     */
    static Message request(Exchange exchange, String method, String uri) {
        Message m = exchange.getMessage();
        clearHeaders(m);
        m.setBody(null);
        // the enum camel-http reads: a String here costs a type-converter search on every call
        m.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(method));
        m.setHeader(Exchange.HTTP_URI, uri);
        return m;
    }

    static void clearHeaders(Message m) {
        m.getHeaders().keySet().removeIf(name -> !name.startsWith("CamelAwsSqs"));
    }

    static String trimSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
