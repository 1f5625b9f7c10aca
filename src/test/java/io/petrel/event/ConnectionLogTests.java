package io.petrel.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.TestClients;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * With {@code mqtt.events.log-connections=true} each accepted connection logs one INFO line when it starts
 * and one when it ends, written by the {@code mqtt-events} thread under the logger
 * {@code io.petrel.connections}, never by a network thread.
 */
@BrokerTest(properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0",
    "mqtt.events.log-connections=true"})
@ExtendWith(OutputCaptureExtension.class)
class ConnectionLogTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Test
    void connectAndDisconnectAreLoggedOnceEachOffTheNetworkThreads(CapturedOutput output) {
        String clientId = Clients.unique("logged");
        Mqtt5BlockingClient client = clients.hivemq5(clientId);
        client.connect();
        client.disconnect();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(linesOf(output, clientId)).hasSize(2));
        List<String> lines = linesOf(output, clientId);
        assertThat(lines.get(0)).contains(" INFO ", "[    mqtt-events]", "io.petrel.connections",
                "Client " + clientId + " connected from /127.0.0.1:",
                " to listener tcp (MQTT level 5, clean start true, session present false)");
        assertThat(lines.get(1)).contains(" INFO ", "[    mqtt-events]", "io.petrel.connections",
                "Client " + clientId + " from /127.0.0.1:", " disconnected: client sent DISCONNECT");
    }

    private static List<String> linesOf(CapturedOutput output, String clientId) {
        return output.getOut().lines().filter(line -> line.contains("Client " + clientId + " ")).toList();
    }
}
