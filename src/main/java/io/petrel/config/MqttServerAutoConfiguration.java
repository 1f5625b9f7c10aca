package io.petrel.config;

import io.petrel.auth.Authenticator;
import io.petrel.auth.Authorizer;
import io.petrel.auth.EnhancedAuthenticator;
import io.petrel.auth.EnhancedAuthenticators;
import io.petrel.event.EventSink;
import io.petrel.intercept.PublishInterceptors;
import io.petrel.message.Qos;
import io.petrel.protocol.Broker;
import io.petrel.protocol.ProtocolMetrics;
import io.petrel.protocol.ProtocolSettings;
import io.petrel.retain.RetainedMessageStore;
import io.petrel.session.MessagePublisher;
import io.petrel.session.Session;
import io.petrel.session.SessionRegistry;
import io.petrel.transport.ListenerSpec;
import io.petrel.transport.MqttServer;
import io.petrel.transport.ServerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

/** The MQTT server and the protocol wiring, from {@code mqtt.*}; invalid settings fail start-up. */
@AutoConfiguration(after = {MqttAuthAutoConfiguration.class, MqttStorageAutoConfiguration.class,
        SslAutoConfiguration.class})
@EnableConfigurationProperties(PetrelProperties.class)
public final class MqttServerAutoConfiguration {

    private static final Set<Integer> SUPPORTED_VERSIONS = Set.of(3, 4, 5);
    private static final long MAX_PACKET_SIZE = 268_435_455; // the largest remaining length MQTT can encode

    @Bean
    Broker broker(PetrelProperties properties, SessionRegistry sessions, MessagePublisher publisher,
            RetainedMessageStore retainedMessages, Authenticator authenticator,
            ObjectProvider<EnhancedAuthenticator> enhancedAuthenticators,
            @Qualifier(MqttAuthAutoConfiguration.AUTH_EXECUTOR) Executor authExecutor, Authorizer authorizer,
            ObjectProvider<PublishInterceptors> interceptors, ObjectProvider<EventSink> events) {
        return new Broker(protocolSettings(properties), sessions, publisher, retainedMessages, authenticator,
                new EnhancedAuthenticators(enhancedAuthenticators.orderedStream().toList()), authExecutor, authorizer,
                interceptors.getIfAvailable(() -> PublishInterceptors.NONE), events.getIfAvailable(() -> EventSink.NONE));
    }

    static ProtocolSettings protocolSettings(PetrelProperties properties) {
        if (properties.getProtocolVersions().isEmpty() || !SUPPORTED_VERSIONS.containsAll(properties.getProtocolVersions())) {
            throw new IllegalArgumentException("mqtt.protocol-versions must be a non-empty subset of " + SUPPORTED_VERSIONS
                    + ": " + properties.getProtocolVersions());
        }
        if (properties.getMaxClientIdLength() < 23) {
            throw new IllegalArgumentException("mqtt.max-client-id-length must be at least 23 [MQTT-3.1.3-5]");
        }
        requireRange("mqtt.topic-alias-maximum", properties.getTopicAliasMaximum(), 0, 65535);
        requireRange("mqtt.receive-maximum", properties.getReceiveMaximum(), 1, 65535);
        requireRange("mqtt.max-inflight-messages", properties.getMaxInflightMessages(), 1, 65535);
        Duration sessionExpiry = properties.getSessionExpiryInterval();
        Duration serverKeepAlive = properties.getServerKeepAlive();
        if (serverKeepAlive != null) {
            requireRange("mqtt.server-keep-alive (seconds)", serverKeepAlive.toSeconds(), 0, 65535);
        }
        String responseInformation = properties.getResponseInformation();
        return new ProtocolSettings(properties.getProtocolVersions(), Qos.of(properties.getMaximumQos()),
                properties.getMaxClientIdLength(), properties.getConnectTimeout(),
                properties.getMaxSubscriptionsPerClient(), packetSize(properties), properties.isRetainAvailable(),
                properties.isWildcardSubscriptionAvailable(), properties.isSubscriptionIdentifierAvailable(),
                properties.isSharedSubscriptionAvailable(), properties.getTopicAliasMaximum(),
                properties.getReceiveMaximum(),
                sessionExpiry == null ? Session.NEVER_EXPIRES : Math.min(sessionExpiry.toSeconds(), Session.NEVER_EXPIRES),
                serverKeepAlive == null ? null : (int) serverKeepAlive.toSeconds(), properties.isSendReasonMessage(),
                properties.isAutoAssignClientId(), responseInformation.isEmpty() ? null : responseInformation,
                properties.getMaxInflightMessages(), properties.getHookTimeout());
    }

    private static void requireRange(String property, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(property + " must be between " + min + " and " + max + ": " + value);
        }
    }

    private static int packetSize(PetrelProperties properties) {
        long packetSize = properties.getMaximumPacketSize().toBytes();
        if (packetSize < 2 || packetSize > MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("mqtt.maximum-packet-size must be between 2 B and 256 MB: "
                    + properties.getMaximumPacketSize());
        }
        return (int) packetSize;
    }

    @Bean
    MqttServer mqttServer(PetrelProperties properties, Broker broker, ObjectProvider<SslBundles> sslBundles,
            ObjectProvider<ProtocolMetrics.Factory> metrics) {
        List<ListenerSpec> listeners = ListenerSpecs.from(properties.getListeners(), sslBundles.getIfAvailable());
        PetrelProperties.Shutdown shutdown = properties.getShutdown();
        ServerSettings settings = new ServerSettings(properties.getIoThreads(), properties.getMaxConnections(),
                broker.settings().maximumPacketSize(), properties.getMaxClientIdLength(), shutdown.getDrainTimeout(),
                shutdown.getServerReference());
        return new MqttServer(listeners, broker, settings, metrics.getIfAvailable(() -> ProtocolMetrics.Factory.NONE));
    }
}
