package io.petrel.protocol;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Where a client really is: the source address a PROXY protocol header announced, when the listener takes
 * one, else the socket's peer. The authenticator, the logs and the lifecycle events all see this address.
 */
public final class ClientAddress {

    /** Set by the PROXY protocol handler from the header the load balancer sent. */
    public static final AttributeKey<InetSocketAddress> PROXIED = AttributeKey.valueOf("petrel.proxiedAddress");

    private ClientAddress() {}

    static InetSocketAddress of(Channel channel) {
        // hasAttr first: attr() would add an empty attribute to every channel, a few dozen bytes each
        InetSocketAddress proxied = channel.hasAttr(PROXIED) ? channel.attr(PROXIED).get() : null;
        if (proxied != null) {
            return proxied;
        }
        SocketAddress address = channel.remoteAddress();
        // Channels that are not IP sockets (in-process transports, tests) get an unresolved placeholder.
        return address instanceof InetSocketAddress inet ? inet
                : InetSocketAddress.createUnresolved(String.valueOf(address), 0);
    }
}
