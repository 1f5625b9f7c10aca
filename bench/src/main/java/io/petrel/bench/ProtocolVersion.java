package io.petrel.bench;

import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.Arrays;

/**
 * The MQTT protocol version the generator speaks, chosen with {@code --protocol}. MQTT 5 joins as a
 * constant here; {@link PublishEncoder} then writes the empty property length its PUBLISH carries, and
 * CONNECT and SUBSCRIBE get their (empty) properties from Netty's builders.
 */
enum ProtocolVersion {

    MQTT_3_1_1("3.1.1", MqttVersion.MQTT_3_1_1);

    private final String flag;
    private final MqttVersion nettyVersion;

    ProtocolVersion(String flag, MqttVersion nettyVersion) {
        this.flag = flag;
        this.nettyVersion = nettyVersion;
    }

    MqttVersion nettyVersion() {
        return nettyVersion;
    }

    static ProtocolVersion of(String flag) {
        return Arrays.stream(values())
                .filter(version -> version.flag.equals(flag))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unsupported --protocol=" + flag + " (supported: 3.1.1)"));
    }
}
