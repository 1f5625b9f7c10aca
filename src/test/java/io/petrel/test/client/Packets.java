package io.petrel.test.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Hand-made MQTT packets as bytes, for {@link RawClient}: MQTT 3.1.1 (and 3.1, where CONNECT says so) by
 * the plain names, MQTT 5.0 by the names ending in 5, and the MQTT 5 property identifiers. Nothing here
 * validates: a test may build any packet the broker has to survive, such as a topic alias of 0 or a will
 * payload that claims to be UTF-8 and is not. A malformed packet no builder makes is written out with
 * {@link #bytes} or {@link #packet}, with a comment in the test that says what the bytes are.
 */
public final class Packets {

    // Property identifiers (MQTT 5.0, 2.2.2.2).
    public static final int PAYLOAD_FORMAT_INDICATOR = 0x01;
    public static final int MESSAGE_EXPIRY_INTERVAL = 0x02;
    public static final int CONTENT_TYPE = 0x03;
    public static final int RESPONSE_TOPIC = 0x08;
    public static final int CORRELATION_DATA = 0x09;
    public static final int SUBSCRIPTION_IDENTIFIER = 0x0B;
    public static final int SESSION_EXPIRY_INTERVAL = 0x11;
    public static final int ASSIGNED_CLIENT_IDENTIFIER = 0x12;
    public static final int SERVER_KEEP_ALIVE = 0x13;
    public static final int AUTHENTICATION_METHOD = 0x15;
    public static final int AUTHENTICATION_DATA = 0x16;
    public static final int REQUEST_PROBLEM_INFORMATION = 0x17;
    public static final int WILL_DELAY_INTERVAL = 0x18;
    public static final int REQUEST_RESPONSE_INFORMATION = 0x19;
    public static final int RESPONSE_INFORMATION = 0x1A;
    public static final int SERVER_REFERENCE = 0x1C;
    public static final int REASON_STRING = 0x1F;
    public static final int RECEIVE_MAXIMUM = 0x21;
    public static final int TOPIC_ALIAS_MAXIMUM = 0x22;
    public static final int TOPIC_ALIAS = 0x23;
    public static final int MAXIMUM_QOS = 0x24;
    public static final int RETAIN_AVAILABLE = 0x25;
    public static final int USER_PROPERTY = 0x26;
    public static final int MAXIMUM_PACKET_SIZE = 0x27;
    public static final int WILDCARD_SUBSCRIPTION_AVAILABLE = 0x28;
    public static final int SUBSCRIPTION_IDENTIFIER_AVAILABLE = 0x29;
    public static final int SHARED_SUBSCRIPTION_AVAILABLE = 0x2A;

    public static final byte[] PINGREQ = {(byte) 0xC0, 0x00};
    /** DISCONNECT without a variable header: MQTT 3.1.1, or MQTT 5 with reason code 0 left out. */
    public static final byte[] DISCONNECT = {(byte) 0xE0, 0x00};

    private Packets() {}

    /** An MQTT 3.1.1 CONNECT: clean session, no keep-alive, no will unless told otherwise. */
    public static Connect connect(String clientId) {
        return new Connect(clientId).level(4);
    }

    /** An MQTT 5 CONNECT: clean start, no keep-alive, no properties, no will unless told otherwise. */
    public static Connect connect5(String clientId) {
        return new Connect(clientId).level(5);
    }

    /** An empty MQTT 5 property list, to add to. */
    public static Properties properties() {
        return new Properties();
    }

    /** MQTT 5 properties under construction, in the order added; {@link #bytes()} puts their length first. */
    public static final class Properties {
        private final ByteArrayOutputStream content = new ByteArrayOutputStream();

        private Properties() {}

        public Properties oneByte(int id, int value) {
            content.write(id);
            content.write(value);
            return this;
        }

        public Properties twoBytes(int id, int value) {
            content.write(id);
            writeShort(content, value);
            return this;
        }

        public Properties fourBytes(int id, long value) {
            content.write(id);
            writeShort(content, (int) (value >> 16));
            writeShort(content, (int) value);
            return this;
        }

        public Properties variableByteInteger(int id, int value) {
            content.write(id);
            writeVariableByteInteger(content, value);
            return this;
        }

        public Properties string(int id, String value) {
            content.write(id);
            writeString(content, value);
            return this;
        }

        public Properties binary(int id, byte[] value) {
            content.write(id);
            content.writeBytes(lengthPrefixed(value));
            return this;
        }

        /** The property length (a variable byte integer), then the properties. */
        public byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writeVariableByteInteger(out, content.size());
            out.writeBytes(content.toByteArray());
            return out.toByteArray();
        }
    }

    /** A CONNECT under construction; properties are written at level 5 only. */
    public static final class Connect {
        private final String clientId;
        private String protocolName = "MQTT";
        private int level;
        private boolean cleanSession = true;
        private int keepAliveSeconds;
        private int reservedFlag;
        private Integer flags;
        private Properties properties = new Properties();
        private String willTopic;
        private byte[] willPayload;
        private int willQos;
        private boolean willRetain;
        private Properties willProperties = new Properties();
        private byte[] payloadSuffix = new byte[0];

        private Connect(String clientId) {
            this.clientId = clientId;
        }

        /** 3 for MQTT 3.1 (protocol name MQIsdp), 4 for MQTT 3.1.1, 5 for MQTT 5.0, or any other byte. */
        public Connect level(int level) {
            this.level = level;
            this.protocolName = level == 3 ? "MQIsdp" : "MQTT";
            return this;
        }

        public int level() {
            return level;
        }

        public Connect protocolName(String name) {
            this.protocolName = name;
            return this;
        }

        /** Clean session (MQTT 3.1.1) or clean start (MQTT 5): bit 1 of the connect flags. */
        public Connect cleanSession(boolean cleanSession) {
            this.cleanSession = cleanSession;
            return this;
        }

        public Connect keepAlive(int seconds) {
            this.keepAliveSeconds = seconds;
            return this;
        }

        /** Sets the reserved bit 0 of the connect flags. */
        public Connect reservedFlag() {
            this.reservedFlag = 1;
            return this;
        }

        /** Forces the connect flags byte, whatever else was set. */
        public Connect flags(int flags) {
            this.flags = flags;
            return this;
        }

        /** The CONNECT properties (MQTT 5). */
        public Connect properties(Properties properties) {
            this.properties = properties;
            return this;
        }

        public Connect will(String topic, String payload, int qos, boolean retain) {
            return will(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain, new Properties());
        }

        /** A will with its properties (written at level 5 only). */
        public Connect will(String topic, byte[] payload, int qos, boolean retain, Properties properties) {
            this.willTopic = topic;
            this.willPayload = payload;
            this.willQos = qos;
            this.willRetain = retain;
            this.willProperties = properties;
            return this;
        }

        /** Bytes appended to the payload, such as a user name or password that the flags announce. */
        public Connect payloadSuffix(byte[] bytes) {
            this.payloadSuffix = bytes;
            return this;
        }

        public byte[] bytes() {
            int connectFlags = reservedFlag | (cleanSession ? 0x02 : 0);
            if (willTopic != null) {
                connectFlags |= 0x04 | (willQos << 3) | (willRetain ? 0x20 : 0);
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            writeString(body, protocolName);
            body.write(level);
            body.write(flags == null ? connectFlags : flags);
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
                body.writeBytes(lengthPrefixed(willPayload));
            }
            body.writeBytes(payloadSuffix);
            return packet(0x10, body.toByteArray());
        }
    }

    /** An MQTT 3.1.1 PUBLISH of a UTF-8 payload; the packet identifier is left out at QoS 0. */
    public static byte[] publish(String topic, String payload, int qos, int packetId) {
        return publish(topic, qos, packetId).payload(payload).bytes();
    }

    /** An MQTT 5 PUBLISH of a UTF-8 payload, without properties. */
    public static byte[] publish5(String topic, String payload, int qos, int packetId) {
        return publish5(topic, qos, packetId).payload(payload).bytes();
    }

    /** An MQTT 3.1.1 PUBLISH under construction: empty payload, no DUP, no retain. */
    public static Publish publish(String topic, int qos, int packetId) {
        return new Publish(topic, qos, packetId, false);
    }

    /** An MQTT 5 PUBLISH under construction: empty payload, no DUP, no retain, no properties. */
    public static Publish publish5(String topic, int qos, int packetId) {
        return new Publish(topic, qos, packetId, true);
    }

    /** A PUBLISH under construction. */
    public static final class Publish {
        private final String topic;
        private final int qos;
        private final int packetId;
        private final boolean mqtt5;
        private byte[] payload = new byte[0];
        private boolean dup;
        private boolean retain;
        private Properties properties = new Properties();

        private Publish(String topic, int qos, int packetId, boolean mqtt5) {
            this.topic = topic;
            this.qos = qos;
            this.packetId = packetId;
            this.mqtt5 = mqtt5;
        }

        public Publish payload(String text) {
            return payload(text.getBytes(StandardCharsets.UTF_8));
        }

        public Publish payload(byte[] bytes) {
            this.payload = bytes;
            return this;
        }

        public Publish dup() {
            this.dup = true;
            return this;
        }

        public Publish retain() {
            this.retain = true;
            return this;
        }

        /** The PUBLISH properties (MQTT 5 only). */
        public Publish properties(Properties properties) {
            if (!mqtt5) {
                throw new IllegalStateException("no properties in an MQTT 3.1.1 PUBLISH");
            }
            this.properties = properties;
            return this;
        }

        public byte[] bytes() {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            writeString(body, topic);
            if (qos > 0) {
                writeShort(body, packetId);
            }
            if (mqtt5) {
                body.writeBytes(properties.bytes());
            }
            body.writeBytes(payload);
            return packet(0x30 | (dup ? 0x08 : 0) | (qos << 1) | (retain ? 0x01 : 0), body.toByteArray());
        }
    }

    /** An MQTT 3.1.1 SUBSCRIBE; {@code filtersAndQos} alternates topic filter (String) and requested QoS (Integer). */
    public static byte[] subscribe(int packetId, Object... filtersAndQos) {
        return subscribePacket(packetId, null, filtersAndQos);
    }

    /**
     * An MQTT 5 SUBSCRIBE with one subscription identifier (0 for none) for all its filters;
     * {@code filtersAndOptions} alternates topic filter (String) and subscription options byte (Integer:
     * QoS in bits 0-1, no local 0x04, retain as published 0x08, retain handling in bits 4-5).
     */
    public static byte[] subscribe5(int packetId, int subscriptionId, Object... filtersAndOptions) {
        Properties properties = new Properties();
        if (subscriptionId != 0) {
            properties.variableByteInteger(SUBSCRIPTION_IDENTIFIER, subscriptionId);
        }
        return subscribePacket(packetId, properties, filtersAndOptions);
    }

    /** An MQTT 5 SUBSCRIBE with any properties, for violations. */
    public static byte[] subscribe5(int packetId, Properties properties, Object... filtersAndOptions) {
        return subscribePacket(packetId, properties, filtersAndOptions);
    }

    /** SUBSCRIBE with properties at MQTT 5, without (null) at MQTT 3.1.1. */
    private static byte[] subscribePacket(int packetId, Properties properties, Object... filtersAndOptions) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeShort(body, packetId);
        if (properties != null) {
            body.writeBytes(properties.bytes());
        }
        for (int i = 0; i < filtersAndOptions.length; i += 2) {
            writeString(body, (String) filtersAndOptions[i]);
            body.write((Integer) filtersAndOptions[i + 1]);
        }
        return packet(0x82, body.toByteArray());
    }

    /** An MQTT 3.1.1 UNSUBSCRIBE. */
    public static byte[] unsubscribe(int packetId, String... filters) {
        return unsubscribePacket(packetId, null, filters);
    }

    /** An MQTT 5 UNSUBSCRIBE, without properties. */
    public static byte[] unsubscribe5(int packetId, String... filters) {
        return unsubscribePacket(packetId, new Properties(), filters);
    }

    /** UNSUBSCRIBE with properties at MQTT 5, without (null) at MQTT 3.1.1. */
    private static byte[] unsubscribePacket(int packetId, Properties properties, String... filters) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeShort(body, packetId);
        if (properties != null) {
            body.writeBytes(properties.bytes());
        }
        for (String filter : filters) {
            writeString(body, filter);
        }
        return packet(0xA2, body.toByteArray());
    }

    /** PUBACK: MQTT 3.1.1, or MQTT 5 with reason code 0 left out. Likewise the other acknowledgements. */
    public static byte[] puback(int packetId) {
        return ack(0x40, packetId);
    }

    public static byte[] pubrec(int packetId) {
        return ack(0x50, packetId);
    }

    public static byte[] pubrel(int packetId) {
        return ack(0x62, packetId);
    }

    public static byte[] pubcomp(int packetId) {
        return ack(0x70, packetId);
    }

    private static byte[] ack(int header, int packetId) {
        return new byte[] {(byte) header, 0x02, (byte) (packetId >> 8), (byte) packetId};
    }

    /** An MQTT 5 DISCONNECT with a reason code and properties. */
    public static byte[] disconnect5(int reasonCode, Properties properties) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(reasonCode);
        body.writeBytes(properties.bytes());
        return packet(0xE0, body.toByteArray());
    }

    /** A fixed header (first byte, remaining length) followed by {@code body}. */
    public static byte[] packet(int header, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        writeVariableByteInteger(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** Bytes as written, each int taken as one byte. */
    public static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** An MQTT UTF-8 string or binary data: two length bytes, then the bytes. */
    public static byte[] lengthPrefixed(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeShort(out, bytes.length);
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    private static void writeVariableByteInteger(ByteArrayOutputStream out, int value) {
        int rest = value;
        do {
            int digit = rest % 128;
            rest /= 128;
            out.write(rest > 0 ? digit | 0x80 : digit);
        } while (rest > 0);
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        out.writeBytes(lengthPrefixed(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value);
    }
}
