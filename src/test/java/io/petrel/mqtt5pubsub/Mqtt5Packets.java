package io.petrel.mqtt5pubsub;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Hand-made MQTT 5 packets as bytes, for the raw-socket client, with the property identifiers the tests
 * use. Nothing here validates: a test may build any packet the broker has to survive.
 */
final class Mqtt5Packets {

    static final int PAYLOAD_FORMAT_INDICATOR = 0x01;
    static final int MESSAGE_EXPIRY_INTERVAL = 0x02;
    static final int CONTENT_TYPE = 0x03;
    static final int RESPONSE_TOPIC = 0x08;
    static final int CORRELATION_DATA = 0x09;
    static final int SUBSCRIPTION_IDENTIFIER = 0x0B;
    static final int SESSION_EXPIRY_INTERVAL = 0x11;
    static final int TOPIC_ALIAS_MAXIMUM = 0x22;
    static final int TOPIC_ALIAS = 0x23;
    static final int USER_PROPERTY = 0x26;

    static final byte[] PINGREQ = {(byte) 0xC0, 0x00};
    static final byte[] DISCONNECT = {(byte) 0xE0, 0x00};

    private Mqtt5Packets() {}

    static Connect connect(String clientId) {
        return new Connect(clientId);
    }

    /** An MQTT 5 CONNECT under construction: clean start, no keep-alive, no session expiry. */
    static final class Connect {
        private final String clientId;
        private boolean cleanStart = true;
        private final Properties properties = new Properties();

        private Connect(String clientId) {
            this.clientId = clientId;
        }

        Connect cleanStart(boolean cleanStart) {
            this.cleanStart = cleanStart;
            return this;
        }

        Connect sessionExpiryInterval(long seconds) {
            properties.fourByteInteger(SESSION_EXPIRY_INTERVAL, seconds);
            return this;
        }

        /** The highest topic alias the broker may use towards this client. */
        Connect topicAliasMaximum(int maximum) {
            properties.twoByteInteger(TOPIC_ALIAS_MAXIMUM, maximum);
            return this;
        }

        byte[] bytes() {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            writeString(body, "MQTT");
            body.write(5);
            body.write(cleanStart ? 0x02 : 0);
            writeShort(body, 0);
            body.writeBytes(properties.bytes());
            writeString(body, clientId);
            return packet(0x10, body.toByteArray());
        }
    }

    static Publish publish(String topic, int qos, int packetId) {
        return new Publish(topic, qos, packetId);
    }

    /** An MQTT 5 PUBLISH under construction. */
    static final class Publish {
        private final String topic;
        private final int qos;
        private final int packetId;
        private byte[] payload = new byte[0];
        private boolean dup;
        private final Properties properties = new Properties();

        private Publish(String topic, int qos, int packetId) {
            this.topic = topic;
            this.qos = qos;
            this.packetId = packetId;
        }

        Publish payload(String text) {
            return payload(text.getBytes(StandardCharsets.UTF_8));
        }

        Publish payload(byte[] bytes) {
            this.payload = bytes;
            return this;
        }

        Publish dup() {
            this.dup = true;
            return this;
        }

        Publish topicAlias(int alias) {
            properties.twoByteInteger(TOPIC_ALIAS, alias);
            return this;
        }

        Publish responseTopic(String topic) {
            properties.string(RESPONSE_TOPIC, topic);
            return this;
        }

        /** Payload format indicator 1: the payload is UTF-8 text. */
        Publish utf8Payload() {
            properties.byteValue(PAYLOAD_FORMAT_INDICATOR, 1);
            return this;
        }

        byte[] bytes() {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            writeString(body, topic);
            if (qos > 0) {
                writeShort(body, packetId);
            }
            body.writeBytes(properties.bytes());
            body.writeBytes(payload);
            return packet(0x30 | (dup ? 0x08 : 0) | (qos << 1), body.toByteArray());
        }
    }

    /**
     * A SUBSCRIBE with one subscription identifier (0 for none) for all its filters; {@code filtersAndOptions}
     * alternates topic filter (String) and subscription options byte (Integer: QoS in bits 0-1, no local
     * 0x04, retain as published 0x08, retain handling in bits 4-5).
     */
    static byte[] subscribe(int packetId, int subscriptionId, Object... filtersAndOptions) {
        Properties properties = new Properties();
        if (subscriptionId != 0) {
            properties.variableByteInteger(SUBSCRIPTION_IDENTIFIER, subscriptionId);
        }
        return subscribe(packetId, properties, filtersAndOptions);
    }

    /** A SUBSCRIBE with any properties, for violations. */
    static byte[] subscribe(int packetId, Properties properties, Object... filtersAndOptions) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeShort(body, packetId);
        body.writeBytes(properties.bytes());
        for (int i = 0; i < filtersAndOptions.length; i += 2) {
            writeString(body, (String) filtersAndOptions[i]);
            body.write((Integer) filtersAndOptions[i + 1]);
        }
        return packet(0x82, body.toByteArray());
    }

    static byte[] unsubscribe(int packetId, String... filters) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeShort(body, packetId);
        body.write(0); // no properties
        for (String filter : filters) {
            writeString(body, filter);
        }
        return packet(0xA2, body.toByteArray());
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP with reason code 0 left out, as MQTT 5 allows. */
    static byte[] puback(int packetId) {
        return ack(0x40, packetId);
    }

    static byte[] pubrec(int packetId) {
        return ack(0x50, packetId);
    }

    static byte[] pubrel(int packetId) {
        return ack(0x62, packetId);
    }

    private static byte[] ack(int header, int packetId) {
        return new byte[] {(byte) header, 0x02, (byte) (packetId >> 8), (byte) packetId};
    }

    /** A property list: a variable byte integer length, then the properties in the order they were added. */
    static final class Properties {
        private final ByteArrayOutputStream content = new ByteArrayOutputStream();

        Properties byteValue(int id, int value) {
            content.write(id);
            content.write(value);
            return this;
        }

        Properties twoByteInteger(int id, int value) {
            content.write(id);
            writeShort(content, value);
            return this;
        }

        Properties fourByteInteger(int id, long value) {
            content.write(id);
            content.write((int) (value >> 24));
            content.write((int) (value >> 16));
            content.write((int) (value >> 8));
            content.write((int) value);
            return this;
        }

        Properties variableByteInteger(int id, int value) {
            content.write(id);
            writeVariableByteInteger(content, value);
            return this;
        }

        Properties string(int id, String value) {
            content.write(id);
            writeString(content, value);
            return this;
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writeVariableByteInteger(out, content.size());
            out.writeBytes(content.toByteArray());
            return out.toByteArray();
        }
    }

    /** A fixed header (first byte, remaining length) followed by {@code body}. */
    static byte[] packet(int header, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        writeVariableByteInteger(out, body.length);
        out.writeBytes(body);
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
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeShort(out, utf8.length);
        out.writeBytes(utf8);
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value);
    }
}
