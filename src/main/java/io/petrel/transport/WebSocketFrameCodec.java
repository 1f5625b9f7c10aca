package io.petrel.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * MQTT over WebSocket is a byte stream carried in binary frames: the frames' contents go to the MQTT
 * decoder as they come (a packet may span frames, a frame may hold several packets), and every encoded
 * packet leaves as one binary frame. Any other data frame ends the connection [MQTT-6.0.0-1].
 */
@Sharable
final class WebSocketFrameCodec extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {

    static final WebSocketFrameCodec INSTANCE = new WebSocketFrameCodec();

    private WebSocketFrameCodec() {}

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf packet, List<Object> out) {
        out.add(new BinaryWebSocketFrame(packet.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (!(frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame)) {
            // Say why in the close frame; the close that follows the exception would send 1000 (normal closure).
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_MESSAGE_TYPE,
                    "MQTT travels in binary frames only"));
            throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.INVALID_MESSAGE_TYPE,
                    frame.getClass().getSimpleName() + ": MQTT travels in binary frames only");
        }
        out.add(frame.content().retain());
    }
}
