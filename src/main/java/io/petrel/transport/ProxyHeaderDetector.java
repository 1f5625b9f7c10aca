package io.petrel.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ProtocolDetectionState;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;

/**
 * Looks at the first bytes of a connection on a PROXY protocol listener: when they cannot start a PROXY
 * header (v1 or v2), the connection fails at once. Netty's decoder alone would wait for a whole header
 * line and hold a client that connected directly until the connect timeout.
 */
@Sharable
final class ProxyHeaderDetector extends ChannelInboundHandlerAdapter {

    static final ProxyHeaderDetector INSTANCE = new ProxyHeaderDetector();

    private ProxyHeaderDetector() {}

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes
                && HAProxyMessageDecoder.detectProtocol(bytes).state() == ProtocolDetectionState.INVALID) {
            bytes.release();
            ctx.fireExceptionCaught(new HAProxyProtocolException("the connection does not start with one"));
            return;
        }
        // A header or too few bytes to tell: the decoder takes it from here (and times out a partial one).
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(msg);
    }
}
