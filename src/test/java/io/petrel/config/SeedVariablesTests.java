package io.petrel.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.transport.MqttServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The seed system's MQTT_HOST and MQTT_PORT variables configure the tcp listener (see application.yml). */
@SpringBootTest(properties = {"MQTT_HOST=127.0.0.1", "MQTT_PORT=0", "management.server.port=0"})
class SeedVariablesTests {

    @Autowired
    PetrelProperties properties;

    @Autowired
    MqttServer server;

    @Test
    void mqttHostAndPortSetTheTcpListener() {
        assertThat(properties.getListeners().get("tcp").getHost()).isEqualTo("127.0.0.1");
        assertThat(properties.getListeners().get("tcp").getPort()).isZero();
        assertThat(server.localPort("tcp").orElseThrow()).isPositive();
    }
}
