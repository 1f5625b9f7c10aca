package io.petrel.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Arrays;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the HTTP request before the WebSocket handshake: another path gets 404, a request that is not
 * a WebSocket upgrade or offers no MQTT subprotocol gets 400 (Netty would otherwise upgrade it anyway).
 * An acceptable request goes on to the handshake and this check leaves the pipeline.
 */
@Sharable
final class WebSocketUpgradeCheck extends ChannelInboundHandlerAdapter {

    /** What MQTT clients offer: {@code mqtt} (3.1.1 and 5) and {@code mqttv3.1} (MQTT 3.1). */
    static final Set<String> SUBPROTOCOLS = Set.of("mqtt", "mqttv3.1");

    private static final Logger log = LoggerFactory.getLogger(WebSocketUpgradeCheck.class);

    private final String listener;
    private final String path;

    WebSocketUpgradeCheck(String listener, String path) {
        this.listener = listener;
        this.path = path;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String problem = problem(request);
        if (problem == null) {
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(request);
            return;
        }
        HttpResponseStatus status = problem.isEmpty() ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.BAD_REQUEST;
        String detail = problem.isEmpty() ? "no MQTT endpoint at this path; try " + path : problem;
        log.info("Refused WebSocket request {} {} from {} on listener {}: {} {}", request.method(), request.uri(),
                ctx.channel().remoteAddress(), listener, status.code(), detail);
        request.release();
        ctx.writeAndFlush(response(ctx, status, detail)).addListener(ChannelFutureListener.CLOSE);
    }

    /** Null when the request may go on, empty for an unknown path, else what is wrong with it. */
    private String problem(FullHttpRequest request) {
        // The raw path, as Netty's handshake compares it: a decoded one could match here and not there.
        if (!new QueryStringDecoder(request.uri()).rawPath().equals(path)) {
            return "";
        }
        if (!request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            return "this endpoint speaks MQTT over WebSocket only (no Upgrade: websocket header)";
        }
        String offered = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, "");
        boolean mqtt = Arrays.stream(offered.split(",")).map(String::trim).anyMatch(SUBPROTOCOLS::contains);
        return mqtt ? null : "Sec-WebSocket-Protocol must offer mqtt or mqttv3.1";
    }

    private static FullHttpResponse response(ChannelHandlerContext ctx, HttpResponseStatus status, String detail) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                status, ByteBufUtil.writeUtf8(ctx.alloc(), detail + "\n"));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        HttpUtil.setContentLength(response, response.content().readableBytes());
        HttpUtil.setKeepAlive(response, false);
        return response;
    }
}
