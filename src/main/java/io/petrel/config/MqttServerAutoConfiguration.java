package io.petrel.config;

import io.petrel.auth.Authenticator;
import io.petrel.auth.Authorizer;
import io.petrel.message.Qos;
import io.petrel.protocol.Broker;
import io.petrel.protocol.ProtocolSettings;
import io.petrel.retain.RetainedMessageStore;
import io.petrel.session.MessagePublisher;
import io.petrel.session.SessionRegistry;
import io.petrel.transport.ListenerSpec;
import io.petrel.transport.MqttServer;
import io.petrel.transport.ServerSettings;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The MQTT server and the protocol wiring, from {@code mqtt.*}; invalid settings fail start-up. */
@AutoConfiguration(after = {MqttAuthAutoConfiguration.class, MqttStorageAutoConfiguration.class})
@EnableConfigurationProperties(PetrelProperties.class)
public final class MqttServerAutoConfiguration {

    private static final Set<Integer> SUPPORTED_VERSIONS = Set.of(3, 4);
    private static final long MAX_PACKET_SIZE = 268_435_455; // the largest remaining length MQTT can encode

    @Bean
    Broker broker(PetrelProperties properties, SessionRegistry sessions, MessagePublisher publisher,
            RetainedMessageStore retainedMessages, Authenticator authenticator,
            @Qualifier(MqttAuthAutoConfiguration.AUTH_EXECUTOR) ExecutorService authExecutor, Authorizer authorizer) {
        return new Broker(protocolSettings(properties), sessions, publisher, retainedMessages, authenticator,
                authExecutor, authorizer, properties.getMaxInflightMessages());
    }

    static ProtocolSettings protocolSettings(PetrelProperties properties) {
        if (properties.getProtocolVersions().isEmpty() || !SUPPORTED_VERSIONS.containsAll(properties.getProtocolVersions())) {
            throw new IllegalArgumentException("mqtt.protocol-versions must be a non-empty subset of " + SUPPORTED_VERSIONS
                    + ": " + properties.getProtocolVersions());
        }
        if (properties.getMaxClientIdLength() < 23) {
            throw new IllegalArgumentException("mqtt.max-client-id-length must be at least 23 [MQTT-3.1.3-5]");
        }
        return new ProtocolSettings(properties.getProtocolVersions(), Qos.of(properties.getMaximumQos()),
                properties.getMaxClientIdLength(), properties.getConnectTimeout(),
                properties.getMaxSubscriptionsPerClient());
    }

    @Bean
    MqttServer mqttServer(PetrelProperties properties, Broker broker) {
        long packetSize = properties.getMaximumPacketSize().toBytes();
        if (packetSize < 2 || packetSize > MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("mqtt.maximum-packet-size must be between 2 B and 256 MB: "
                    + properties.getMaximumPacketSize());
        }
        List<ListenerSpec> listeners = properties.getListeners().entrySet().stream()
                .filter(entry -> entry.getValue().isEnabled())
                .map(entry -> new ListenerSpec(entry.getKey(), entry.getValue().getHost(), entry.getValue().getPort()))
                .toList();
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("mqtt.listeners: at least one listener must be enabled");
        }
        ServerSettings settings = new ServerSettings(properties.getIoThreads(), properties.getMaxConnections(),
                (int) packetSize, properties.getMaxClientIdLength(), properties.getShutdownTimeout());
        return new MqttServer(listeners, broker, settings);
    }
}
