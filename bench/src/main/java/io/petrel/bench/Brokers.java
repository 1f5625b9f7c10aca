package io.petrel.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the clients connect: publishers to one address, subscribers to another. Both are the same broker
 * unless {@code --sub-host}/{@code --sub-port} say otherwise, which runs a scenario across two nodes of a
 * cluster (publishers on one, subscribers on the other). conn and idle, which neither publish nor
 * subscribe, use the publishers' address. Any address outside the loopback range is refused, so load never
 * leaves this machine.
 */
record Brokers(InetSocketAddress publishers, InetSocketAddress subscribers) {

    static Brokers of(String host, int port, String subscriberHost, int subscriberPort) {
        return new Brokers(new InetSocketAddress(loopbackOnly("host", host), port),
                new InetSocketAddress(loopbackOnly("sub-host", subscriberHost), subscriberPort));
    }

    /** Whether subscribers connect to another broker (node) than publishers. */
    boolean twoNodes() {
        return !publishers.equals(subscribers);
    }

    /** {@code host:port}, or {@code host:port -> host:port} when subscribers go to another node. */
    String describe() {
        String publisherSide = publishers.getHostString() + ":" + publishers.getPort();
        return !twoNodes() ? publisherSide
                : publisherSide + " -> " + subscribers.getHostString() + ":" + subscribers.getPort();
    }

    private static InetAddress loopbackOnly(String option, String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException("--" + option + " must be a loopback address (127.0.0.0/8), got " + host);
            }
            return address;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown --" + option + " " + host, e);
        }
    }
}
