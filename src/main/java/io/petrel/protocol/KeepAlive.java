package io.petrel.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Enforces the keep-alive a client asked for: a connection that sends nothing for one and a half times
 * the interval is closed [MQTT-3.1.2-24]; 0 turns the check off.
 */
final class KeepAlive {

    static final String HANDLER_NAME = "keepAlive";

    private KeepAlive() {}

    static void start(ChannelHandlerContext ctx, int keepAliveSeconds) {
        if (keepAliveSeconds > 0) {
            long timeoutMillis = keepAliveSeconds * 1500L;
            ctx.pipeline().addBefore(ctx.name(), HANDLER_NAME,
                    new IdleStateHandler(timeoutMillis, 0, 0, TimeUnit.MILLISECONDS));
        }
    }
}
