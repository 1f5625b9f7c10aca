package io.petrel.listeners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Packet;
import io.petrel.test.client.Packets;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import io.petrel.transport.ConnectionRefusal;
import io.petrel.transport.ListenerStats;
import io.petrel.transport.MqttServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Per-listener limits: {@code max-connections} closes connections over the listener's own limit, and
 * {@code max-connection-rate} closes those arriving faster than the rate; both are counted, and neither
 * touches the other listeners.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.listeners.small.kind=tcp", "mqtt.listeners.small.host=127.0.0.1", "mqtt.listeners.small.port=0",
    "mqtt.listeners.small.max-connections=2",
    "mqtt.listeners.throttled.kind=tcp", "mqtt.listeners.throttled.host=127.0.0.1", "mqtt.listeners.throttled.port=0",
    "mqtt.listeners.throttled.max-connection-rate=1"})
class ConnectionLimitTests {

    @Autowired
    MqttServer server;

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Test
    void listenerLimitClosesTheConnectionOverItWhileOtherListenersAccept() throws Exception {
        ListenerStats small = server.listenerStats().get("small");
        await().atMost(TestClients.PATIENCE).until(() -> small.openConnections() == 0);
        long refusedBefore = small.refusedConnections(ConnectionRefusal.LISTENER_MAX_CONNECTIONS);

        try (RawClient first = connected("small");
                RawClient second = connected("small");
                RawClient third = RawClient.open(port("small"), 4)) {
            assertThat(third.awaitClosed()).as("closed before any MQTT").isEmpty();
            assertThat(small.refusedConnections(ConnectionRefusal.LISTENER_MAX_CONNECTIONS)).isEqualTo(refusedBefore + 1);
            assertThat(small.openConnections()).isEqualTo(2);
            first.assertResponsive();
            clients.raw(Packets.connect(Clients.unique("other-listener"))).assertResponsive();
        }
    }

    @Test
    void connectionsFasterThanTheRateAreClosedAndCounted() throws Exception {
        ListenerStats throttled = server.listenerStats().get("throttled");
        long refusedBefore = throttled.refusedConnections(ConnectionRefusal.CONNECTION_RATE);
        List<RawClient> storm = new ArrayList<>();
        try {
            // One connection per second is allowed; ten at once are a storm.
            for (int i = 0; i < 10; i++) {
                storm.add(RawClient.open(port("throttled"), 4));
            }
            int connected = 0;
            int closed = 0;
            for (RawClient client : storm) {
                if (connects(client)) {
                    connected++;
                } else {
                    closed++;
                }
            }
            assertThat(connected).as("the first of the storm gets through").isPositive();
            assertThat(closed).as("the rest is turned away").isPositive();
            int refused = closed;
            await().atMost(TestClients.PATIENCE).untilAsserted(() -> assertThat(
                    throttled.refusedConnections(ConnectionRefusal.CONNECTION_RATE)).isEqualTo(refusedBefore + refused));
        } finally {
            for (RawClient client : storm) {
                client.close();
            }
        }
    }

    private boolean connects(RawClient client) {
        try {
            client.send(Packets.connect(Clients.unique("storm")).bytes());
            Optional<Packet> connAck = client.readWithin(RawClient.READ_TIMEOUT);
            return connAck.isPresent() && connAck.get().header() == 0x20;
        } catch (IOException closedByTheBroker) {
            return false;
        }
    }

    private RawClient connected(String listener) throws IOException {
        RawClient client = RawClient.open(port(listener), 4);
        client.connectSuccessfully(Packets.connect(Clients.unique(listener)));
        return client;
    }

    private int port(String listener) {
        return server.localPort(listener).orElseThrow();
    }
}
