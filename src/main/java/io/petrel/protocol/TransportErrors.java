package io.petrel.protocol;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.ssl.NotSslRecordException;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Names the errors the layers under MQTT raise on bad input or a broken network, so that such a
 * connection ends with one plain log line rather than a stack trace.
 */
final class TransportErrors {

    private TransportErrors() {}

    /** Why the connection ends, or null when the error is not one of ours to expect (a bug). */
    static @Nullable String describe(Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof NotSslRecordException) {
            // Its message dumps every byte received, which may be a plain-text CONNECT with a password.
            return "TLS: the client did not start a TLS handshake";
        }
        if (root instanceof SSLException) {
            return "TLS: " + root.getMessage();
        }
        if (root instanceof IOException) {
            return "network error: " + root.getMessage();
        }
        if (cause instanceof HAProxyProtocolException) {
            return "no valid PROXY protocol header: " + root.getMessage();
        }
        if (cause instanceof CorruptedWebSocketFrameException) {
            return "WebSocket: " + cause.getMessage();
        }
        return null;
    }
}
