package io.petrel.mqtt5;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Hand-made MQTT 5.0 (and 3.1.1) packets as bytes, for {@link RawMqtt5Client}. Nothing here validates: a
 * test may build any packet the broker has to survive, such as a topic alias of 0 or a will payload that
 * claims to be UTF-8 and is not.
 */
final class Mqtt5Packets {

    // Property identifiers (MQTT 5.0, 2.2.2.2).
    static final int PAYLOAD_FORMAT_INDICATOR = 0x01;
    static final int MESSAGE_EXPIRY_INTERVAL = 0x02;
    static final int CONTENT_TYPE = 0x03;
    static final int RESPONSE_TOPIC = 0x08;
    static final int CORRELATION_DATA = 0x09;
    static final int SUBSCRIPTION_IDENTIFIER = 0x0B;
    static final int SESSION_EXPIRY_INTERVAL = 0x11;
    static final int ASSIGNED_CLIENT_IDENTIFIER = 0x12;
    static final int SERVER_KEEP_ALIVE = 0x13;
    static final int AUTHENTICATION_METHOD = 0x15;
    static final int AUTHENTICATION_DATA = 0x16;
    static final int REQUEST_PROBLEM_INFORMATION = 0x17;
    static final int WILL_DELAY_INTERVAL = 0x18;
    static final int REQUEST_RESPONSE_INFORMATION = 0x19;
    static final int RESPONSE_INFORMATION = 0x1A;
    static final int SERVER_REFERENCE = 0x1C;
    static final int REASON_STRING = 0x1F;
    static final int RECEIVE_MAXIMUM = 0x21;
    static final int TOPIC_ALIAS_MAXIMUM = 0x22;
    static final int TOPIC_ALIAS = 0x23;
    static final int MAXIMUM_QOS = 0x24;
    static final int RETAIN_AVAILABLE = 0x25;
    static final int USER_PROPERTY = 0x26;
    static final int MAXIMUM_PACKET_SIZE = 0x27;
    static final int WILDCARD_SUBSCRIPTION_AVAILABLE = 0x28;
    static final int SUBSCRIPTION_IDENTIFIER_AVAILABLE = 0x29;
    static final int SHARED_SUBSCRIPTION_AVAILABLE = 0x2A;

    // Packet types (first byte of the fixed header >> 4).
    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int PUBREC = 5;
    static final int SUBACK = 9;
    static final int DISCONNECT = 14;

    private Mqtt5Packets() {}

    static Connect connect(String clientId) {
        return new Connect(clientId);
    }

    static Properties properties() {
        return new Properties();
    }

    /** MQTT 5 properties under construction, in the order added; {@link #bytes()} adds the length. */
    static final class Properties {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Properties oneByte(int id, int value) {
            out.write(id);
            out.write(value);
            return this;
        }

        Properties twoBytes(int id, int value) {
            out.write(id);
            writeShort(out, value);
            return this;
        }

        Properties fourBytes(int id, long value) {
            out.write(id);
            out.write((int) (value >> 24));
            out.write((int) (value >> 16));
            out.write((int) (value >> 8));
            out.write((int) value);
            return this;
        }

        Properties string(int id, String value) {
            out.write(id);
            writeBinary(out, value.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Properties binary(int id, byte[] value) {
            out.write(id);
            writeBinary(out, value);
            return this;
        }

        Properties userProperty(String key, String value) {
            out.write(USER_PROPERTY);
            writeBinary(out, key.getBytes(StandardCharsets.UTF_8));
            writeBinary(out, value.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** The property length (a variable byte integer), then the properties. */
        byte[] bytes() {
            ByteArrayOutputStream withLength = new ByteArrayOutputStream();
            writeVariableByteInteger(withLength, out.size());
            withLength.writeBytes(out.toByteArray());
            return withLength.toByteArray();
        }
    }

    /** A CONNECT under construction: MQTT 5, clean start, no keep-alive, no properties unless told otherwise. */
    static final class Connect {
        private final String clientId;
        private int level = 5;
        private boolean cleanStart = true;
        private int keepAliveSeconds;
        private Properties properties = new Properties();
        private String willTopic;
        private byte[] willPayload;
        private int willQos;
        private boolean willRetain;
        private Properties willProperties = new Properties();

        private Connect(String clientId) {
            this.clientId = clientId;
        }

        /** 4 for MQTT 3.1.1 (no properties are written then), 5 for MQTT 5.0. */
        Connect level(int level) {
            this.level = level;
            return this;
        }

        Connect cleanStart(boolean cleanStart) {
            this.cleanStart = cleanStart;
            return this;
        }

        Connect keepAlive(int seconds) {
            this.keepAliveSeconds = seconds;
            return this;
        }

        Connect properties(Properties properties) {
            this.properties = properties;
            return this;
        }

        Connect will(String topic, byte[] payload, int qos, boolean retain, Properties properties) {
            this.willTopic = topic;
            this.willPayload = payload;
            this.willQos = qos;
            this.willRetain = retain;
            this.willProperties = properties;
            return this;
        }

        byte[] bytes() {
            int flags = cleanStart ? 0x02 : 0;
            if (willTopic != null) {
                flags |= 0x04 | (willQos << 3) | (willRetain ? 0x20 : 0);
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            writeString(body, "MQTT");
            body.write(level);
            body.write(flags);
            writeShort(body, keepAliveSeconds);
            if (level == 5) {
                body.writeBytes(properties.bytes());
            }
            writeString(body, clientId);
            if (willTopic != null) {
                if (level == 5) {
                    body.writeBytes(willProperties.bytes());
                }
                writeString(body, willTopic);
                writeBinary(body, willPayload);
            }
            return packet(0x10, body.toByteArray());
        }
    }

    /** An MQTT 5 PUBLISH. */
    static byte[] publish(String topic, byte[] payload, int qos, int packetId, Properties properties) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, topic);
        if (qos > 0) {
            writeShort(body, packetId);
        }
        body.writeBytes(properties.bytes());
        body.writeBytes(payload);
        return packet(0x30 | (qos << 1), body.toByteArray());
    }

    static byte[] publish(String topic, String payload, int qos, int packetId) {
        return publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, packetId, properties());
    }

    /** An MQTT 5 SUBSCRIBE to one filter; {@code options} holds the maximum QoS in its two low bits. */
    static byte[] subscribe(int packetId, String filter, int options) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeShort(body, packetId);
        body.write(0); // no properties
        writeString(body, filter);
        body.write(options);
        return packet(0x82, body.toByteArray());
    }

    /** An MQTT 3.1.1 SUBSCRIBE to one filter: no properties. */
    static byte[] subscribe311(int packetId, String filter, int qos) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeShort(body, packetId);
        writeString(body, filter);
        body.write(qos);
        return packet(0x82, body.toByteArray());
    }

    /** PUBACK with reason code 0 left out, as MQTT 5 allows. */
    static byte[] puback(int packetId) {
        return new byte[] {0x40, 0x02, (byte) (packetId >> 8), (byte) packetId};
    }

    /** DISCONNECT with a reason code and properties. */
    static byte[] disconnect(int reasonCode, Properties properties) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(reasonCode);
        body.writeBytes(properties.bytes());
        return packet(0xE0, body.toByteArray());
    }

    /** A fixed header (first byte, remaining length) followed by {@code body}. */
    static byte[] packet(int header, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        writeVariableByteInteger(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static void writeVariableByteInteger(ByteArrayOutputStream out, int value) {
        int remaining = value;
        do {
            int digit = remaining % 128;
            remaining /= 128;
            out.write(remaining > 0 ? digit | 0x80 : digit);
        } while (remaining > 0);
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        writeBinary(out, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBinary(ByteArrayOutputStream out, byte[] value) {
        writeShort(out, value.length);
        out.writeBytes(value);
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value);
    }
}
