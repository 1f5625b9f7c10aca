package io.petrel.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import io.petrel.routing.Delivery;
import java.util.List;

/** Conversions between Netty's MQTT messages and core types. */
final class Packets {

    private Packets() {}

    /** Copies the payload out of a decoded PUBLISH into a message; the caller releases the packet. */
    static Message toMessage(MqttPublishMessage publish) {
        ByteBuf payload = publish.payload();
        return new Message(publish.variableHeader().topicName(),
                ByteBufUtil.getBytes(payload, payload.readerIndex(), payload.readableBytes(), false),
                Qos.of(publish.fixedHeader().qosLevel().value()), publish.fixedHeader().isRetain());
    }

    static MqttPublishMessage publish(Delivery delivery, int packetId, boolean duplicate) {
        Message message = delivery.message();
        MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.PUBLISH, duplicate,
                MqttQoS.valueOf(delivery.qos().value()), delivery.retain(), 0);
        return new MqttPublishMessage(header, new MqttPublishVariableHeader(message.topic(), packetId),
                Unpooled.wrappedBuffer(message.payload()));
    }

    static MqttConnAckMessage connAck(ReasonCode reasonCode, boolean sessionPresent) {
        return MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.valueOf((byte) reasonCode.connectReturnCode()))
                .sessionPresent(sessionPresent)
                .build();
    }

    static MqttMessage ack(MqttMessageType type, int packetId) {
        // PUBREL has the fixed-header flags 0010 [MQTT-3.6.1-1]
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 0), MqttMessageIdVariableHeader.from(packetId));
    }

    static MqttSubAckMessage subAck(int packetId, List<Integer> returnCodes) {
        return new MqttSubAckMessage(new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(packetId), new MqttSubAckPayload(returnCodes));
    }

    static MqttUnsubAckMessage unsubAck(int packetId) {
        return new MqttUnsubAckMessage(new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(packetId));
    }

    static int packetId(MqttMessage message) {
        return ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
    }
}
