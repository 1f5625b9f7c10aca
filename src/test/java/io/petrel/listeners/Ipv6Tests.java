package io.petrel.listeners;

import static org.assertj.core.api.Assumptions.assumeThat;

import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Packets;
import io.petrel.transport.MqttServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A listener on {@code ::} takes IPv6 and IPv4 clients; one on {@code ::1} takes IPv6 loopback clients. */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=::", "management.server.port=0",
    "mqtt.listeners.v6only.kind=tcp", "mqtt.listeners.v6only.host=::1", "mqtt.listeners.v6only.port=0"})
class Ipv6Tests {

    @Autowired
    MqttServer server;

    @BeforeAll
    static void requireIpv6Loopback() throws SocketException {
        boolean ipv6Loopback = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(network -> Collections.list(network.getInetAddresses()).stream())
                .anyMatch(address -> address.isLoopbackAddress() && address.getAddress().length == 16);
        assumeThat(ipv6Loopback).as("this machine has an IPv6 loopback address").isTrue();
    }

    @Test
    void listenerOnAllAddressesAcceptsIpv6Clients() throws Exception {
        assertConnects("::1", server.localPort("tcp").orElseThrow());
    }

    @Test
    void listenerOnAllAddressesAcceptsIpv4Clients() throws Exception {
        assertConnects("127.0.0.1", server.localPort("tcp").orElseThrow());
    }

    @Test
    void listenerOnIpv6LoopbackAcceptsIpv6Clients() throws Exception {
        assertConnects("::1", server.localPort("v6only").orElseThrow());
    }

    private static void assertConnects(String host, int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName(host), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(Packets.connect(Clients.unique("v6")).bytes());
            InputStream in = socket.getInputStream();
            Assertions.assertThat(in.readNBytes(4)).as("CONNACK, accepted").containsExactly(0x20, 0x02, 0x00, 0x00);
        }
    }
}
