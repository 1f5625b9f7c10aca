package io.petrel.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.util.NetUtil;
import io.petrel.protocol.ClientAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Takes the PROXY protocol header (v1 or v2, decoded by Netty's {@code HAProxyMessageDecoder} before it)
 * and records the client's real address for the rest of the connection, then leaves the pipeline. A
 * {@code LOCAL} header (a load balancer's own health check) keeps the socket's address. A connection that
 * does not start with a valid header is counted here and closed by the MQTT handler, which logs it.
 */
final class ProxyProtocolHandler extends ChannelInboundHandlerAdapter {

    private final ListenerStats stats;

    ProxyProtocolHandler(ListenerStats stats) {
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            InetAddress source = header.command() == HAProxyCommand.PROXY && header.sourceAddress() != null
                    ? NetUtil.createInetAddressFromIpAddressString(header.sourceAddress()) : null;
            if (source != null) {
                ctx.channel().attr(ClientAddress.PROXIED).set(new InetSocketAddress(source, header.sourcePort()));
            }
        } finally {
            header.release();
        }
        ctx.pipeline().remove(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof HAProxyProtocolException) {
            stats.refused(ConnectionRefusal.PROXY_HEADER);
        }
        ctx.fireExceptionCaught(cause);
    }
}
