package io.petrel.listeners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.petrel.auth.AuthenticationResult;
import io.petrel.auth.Authenticator;
import io.petrel.auth.ConnectRequest;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Packets;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import io.petrel.transport.ConnectionRefusal;
import io.petrel.transport.MqttServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A listener behind a load balancer takes the client's real address from the PROXY protocol header (v1
 * text or v2 binary); the authenticator sees that address. A connection without a valid header is closed,
 * and counted; the listener without PROXY protocol is not affected.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.listeners.balanced.kind=tcp", "mqtt.listeners.balanced.host=127.0.0.1", "mqtt.listeners.balanced.port=0",
    "mqtt.listeners.balanced.proxy-protocol=true"})
class ProxyProtocolTests {

    /** The v2 signature: \r\n\r\n\0\r\nQUIT\n. */
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    @Autowired
    MqttServer server;

    @Autowired
    RecordingAuthenticator authenticator;

    @RegisterExtension
    final TestClients clients = new TestClients();

    @TestConfiguration
    static class Config {
        @Bean
        RecordingAuthenticator recordingAuthenticator() {
            return new RecordingAuthenticator();
        }
    }

    /** Accepts everyone and remembers where each client id came from. */
    static final class RecordingAuthenticator implements Authenticator {
        final Map<String, InetSocketAddress> addresses = new ConcurrentHashMap<>();

        @Override
        public AuthenticationResult authenticate(ConnectRequest request) {
            addresses.put(request.clientId(), request.remoteAddress());
            return AuthenticationResult.accept();
        }
    }

    @Test
    void v1HeaderGivesTheAuthenticatorTheClientsIpv4Address() throws Exception {
        String clientId = Clients.unique("v1");

        connectThroughBalancer(ascii("PROXY TCP4 203.0.113.7 10.0.0.1 40001 1883\r\n"), clientId);

        assertThat(authenticator.addresses.get(clientId)).isEqualTo(address("203.0.113.7", 40001));
    }

    @Test
    void v1HeaderGivesTheAuthenticatorTheClientsIpv6Address() throws Exception {
        String clientId = Clients.unique("v1-ipv6");

        connectThroughBalancer(ascii("PROXY TCP6 2001:db8::5 2001:db8::1 50000 1883\r\n"), clientId);

        assertThat(authenticator.addresses.get(clientId)).isEqualTo(address("2001:db8::5", 50000));
    }

    @Test
    void v2HeaderGivesTheAuthenticatorTheClientsAddress() throws Exception {
        String clientId = Clients.unique("v2");

        connectThroughBalancer(v2Proxy(new byte[] {(byte) 198, 51, 100, 20}, new byte[] {10, 0, 0, 1}, 5555, 1883),
                clientId);

        assertThat(authenticator.addresses.get(clientId)).isEqualTo(address("198.51.100.20", 5555));
    }

    @Test
    void v2LocalHeaderKeepsTheSocketAddress() throws Exception {
        String clientId = Clients.unique("v2-local");
        ByteArrayOutputStream local = new ByteArrayOutputStream();
        local.writeBytes(V2_SIGNATURE);
        local.write(0x20); // version 2, command LOCAL: the balancer's own connection, e.g. a health check
        local.write(0x00); // address family and protocol unspecified
        local.write(0x00);
        local.write(0x00); // no address block

        connectThroughBalancer(local.toByteArray(), clientId);

        assertThat(authenticator.addresses.get(clientId).getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void connectionWithoutHeaderIsClosedAndCountedWhileThePlainListenerWorks() throws Exception {
        long refusedBefore = refusedForMissingHeader();

        try (RawClient withoutHeader = RawClient.open(balancedPort(), 4)) {
            withoutHeader.send(Packets.connect(Clients.unique("no-header")).bytes());
            assertThat(withoutHeader.awaitClosed()).as("no CONNACK for a connection without header").isEmpty();
        }

        await().atMost(TestClients.PATIENCE).until(() -> refusedForMissingHeader() > refusedBefore);
        clients.raw(Packets.connect(Clients.unique("plain"))).assertResponsive();
    }

    @Test
    void invalidV1HeaderIsClosed() throws Exception {
        try (RawClient client = RawClient.open(balancedPort(), 4)) {
            client.send(ascii("PROXY TCP4 not-an-address 10.0.0.1 1 2\r\n"),
                    Packets.connect(Clients.unique("bad-header")).bytes());
            assertThat(client.awaitClosed()).isEmpty();
        }
    }

    private void connectThroughBalancer(byte[] header, String clientId) throws Exception {
        try (RawClient client = RawClient.open(balancedPort(), 4)) {
            // Header and CONNECT in one write, as a balancer forwarding the client's first bytes sends them.
            client.send(concat(header, Packets.connect(clientId).bytes()));
            assertThat(client.read().header()).as("CONNACK").isEqualTo(0x20);
            client.assertResponsive();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> authenticator.addresses.containsKey(clientId));
    }

    private int balancedPort() {
        return server.localPort("balanced").orElseThrow();
    }

    private long refusedForMissingHeader() {
        return server.listenerStats().get("balanced").refusedConnections(ConnectionRefusal.PROXY_HEADER);
    }

    /** A v2 PROXY header for TCP over IPv4. */
    private static byte[] v2Proxy(byte[] source, byte[] destination, int sourcePort, int destinationPort) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(V2_SIGNATURE);
        header.write(0x21); // version 2, command PROXY
        header.write(0x11); // AF_INET, STREAM
        header.write(0x00);
        header.write(12); // address block length: 4 + 4 + 2 + 2
        header.writeBytes(source);
        header.writeBytes(destination);
        header.write(sourcePort >> 8);
        header.write(sourcePort & 0xFF);
        header.write(destinationPort >> 8);
        header.write(destinationPort & 0xFF);
        return header.toByteArray();
    }

    private static InetSocketAddress address(String host, int port) {
        return new InetSocketAddress(host, port);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(first);
        both.writeBytes(second);
        return both.toByteArray();
    }
}
