package io.petrel.protocol;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import java.nio.charset.StandardCharsets;

/** The packets test clients send, built with Netty's message types, and the fields tests read back. */
final class ClientPackets {

    private ClientPackets() {}

    /** CONNECT for MQTT 3.1.1 with a clean session and no keep-alive; change what a test needs. */
    static MqttMessageBuilders.ConnectBuilder connect(String clientId) {
        return MqttMessageBuilders.connect().clientId(clientId).cleanSession(true).keepAlive(0);
    }

    static MqttPublishMessage publish(String topic, String payload, MqttQoS qos, int packetId) {
        return publish(topic, payload, qos, packetId, false, false);
    }

    static MqttPublishMessage publish(String topic, String payload, MqttQoS qos, int packetId, boolean duplicate,
            boolean retain) {
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, duplicate, qos, retain, 0),
                new MqttPublishVariableHeader(topic, packetId),
                Unpooled.wrappedBuffer(payload.getBytes(StandardCharsets.UTF_8)));
    }

    /** PUBACK, PUBREC, PUBREL (with its required flags 0010) or PUBCOMP. */
    static MqttMessage ack(MqttMessageType type, int packetId) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 0), MqttMessageIdVariableHeader.from(packetId));
    }

    static MqttSubscribeMessage subscribe(int packetId, MqttQoS qos, String... filters) {
        MqttMessageBuilders.SubscribeBuilder subscribe = MqttMessageBuilders.subscribe().messageId(packetId);
        for (String filter : filters) {
            subscribe.addSubscription(qos, filter);
        }
        return subscribe.build();
    }

    static MqttUnsubscribeMessage unsubscribe(int packetId, String... filters) {
        MqttMessageBuilders.UnsubscribeBuilder unsubscribe = MqttMessageBuilders.unsubscribe().messageId(packetId);
        for (String filter : filters) {
            unsubscribe.addTopicFilter(filter);
        }
        return unsubscribe.build();
    }

    static MqttMessageType type(MqttMessage message) {
        return message.fixedHeader().messageType();
    }

    /** The packet identifier of a PUBLISH or of any packet whose variable header is only (or starts with) one. */
    static int packetId(MqttMessage message) {
        if (message instanceof MqttPublishMessage publish) {
            return publish.variableHeader().packetId();
        }
        return ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
    }

    static String payload(MqttPublishMessage publish) {
        return publish.payload().toString(StandardCharsets.UTF_8);
    }

    /** Raw bytes written as unsigned values, so that tests can annotate each field in hex. */
    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
