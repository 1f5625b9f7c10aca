package io.petrel.flows;

import io.petrel.transport.MqttServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/** A flow test: the broker of the test's context, and clients that are all closed after each test. */
abstract class FlowTest {

    @Autowired
    MqttServer server;

    FlowClients clients;

    @BeforeEach
    void openClients() {
        clients = new FlowClients(server);
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }
}
