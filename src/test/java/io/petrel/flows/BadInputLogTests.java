package io.petrel.flows;

import static io.petrel.test.client.Packets.bytes;
import static io.petrel.test.client.Packets.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * An accepted client that sends a malformed packet is answered by closing its connection and one log line
 * naming it and the reason, with the connection log off (the default).
 */
@BrokerTest
@ExtendWith(OutputCaptureExtension.class)
class BadInputLogTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Test
    void aMalformedPacketFromAnAcceptedClientIsLoggedInOneLine(CapturedOutput output) throws Exception {
        String clientId = Clients.unique("bad-input");
        RawClient client = clients.raw(connect(clientId));

        client.send(bytes(0x00, 0x00)); // packet type 0 is reserved

        assertThat(client.awaitClosed(RawClient.READ_TIMEOUT)).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(linesNaming(output, clientId))
                .singleElement().asString().contains("Closing the connection of client " + clientId + " from /127.0.0.1:",
                        ": MALFORMED_PACKET: "));
    }

    private static List<String> linesNaming(CapturedOutput output, String clientId) {
        return output.getOut().lines().filter(line -> line.contains(clientId)).toList();
    }
}
