package io.petrel.flows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Hand-made MQTT 3.1 / 3.1.1 packets as bytes, for the raw-socket client. Nothing here validates: a test
 * may build any packet the broker has to survive.
 */
final class RawPackets {

    static final byte[] PINGREQ = {(byte) 0xC0, 0x00};
    static final byte[] DISCONNECT = {(byte) 0xE0, 0x00};

    private RawPackets() {}

    static Connect connect(String clientId) {
        return new Connect(clientId);
    }

    /** A CONNECT under construction; MQTT 3.1.1, clean session, no keep-alive unless told otherwise. */
    static final class Connect {
        private final String clientId;
        private String protocolName = "MQTT";
        private int level = 4;
        private boolean cleanSession = true;
        private int keepAliveSeconds;
        private int reservedFlag;
        private String willTopic;
        private String willPayload;
        private int willQos;
        private boolean willRetain;
        private Integer flags;
        private byte[] payloadSuffix = new byte[0];

        private Connect(String clientId) {
            this.clientId = clientId;
        }

        Connect level(int level) {
            this.level = level;
            this.protocolName = level == 3 ? "MQIsdp" : "MQTT";
            return this;
        }

        Connect cleanSession(boolean cleanSession) {
            this.cleanSession = cleanSession;
            return this;
        }

        Connect keepAlive(int seconds) {
            this.keepAliveSeconds = seconds;
            return this;
        }

        /** Forces the connect flags byte, whatever else was set. */
        Connect flags(int flags) {
            this.flags = flags;
            return this;
        }

        /** Bytes appended to the payload, such as a user name or password that the flags announce. */
        Connect payloadSuffix(byte[] bytes) {
            this.payloadSuffix = bytes;
            return this;
        }

        Connect protocolName(String name) {
            this.protocolName = name;
            return this;
        }

        Connect reservedFlag() {
            this.reservedFlag = 1;
            return this;
        }

        Connect will(String topic, String payload, int qos, boolean retain) {
            this.willTopic = topic;
            this.willPayload = payload;
            this.willQos = qos;
            this.willRetain = retain;
            return this;
        }

        byte[] bytes() {
            int flags = reservedFlag | (cleanSession ? 0x02 : 0);
            if (willTopic != null) {
                flags |= 0x04 | (willQos << 3) | (willRetain ? 0x20 : 0);
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            writeString(body, protocolName);
            body.write(level);
            body.write(this.flags == null ? flags : this.flags);
            writeShort(body, keepAliveSeconds);
            if (level == 5) {
                body.write(0); // no properties
            }
            writeString(body, clientId);
            if (willTopic != null) {
                writeString(body, willTopic);
                writeString(body, willPayload);
            }
            body.writeBytes(payloadSuffix);
            return packet(0x10, body.toByteArray());
        }
    }

    static byte[] publish(String topic, String payload, int qos, int packetId) {
        return publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, packetId, false, false);
    }

    static byte[] publish(String topic, byte[] payload, int qos, int packetId, boolean dup, boolean retain) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, topic);
        if (qos > 0) {
            writeShort(body, packetId);
        }
        body.writeBytes(payload);
        return packet(0x30 | (dup ? 0x08 : 0) | (qos << 1) | (retain ? 0x01 : 0), body.toByteArray());
    }

    /** A SUBSCRIBE; {@code filtersAndQos} alternates topic filter (String) and requested QoS (Integer). */
    static byte[] subscribe(int packetId, Object... filtersAndQos) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeShort(body, packetId);
        for (int i = 0; i < filtersAndQos.length; i += 2) {
            writeString(body, (String) filtersAndQos[i]);
            body.write((Integer) filtersAndQos[i + 1]);
        }
        return packet(0x82, body.toByteArray());
    }

    static byte[] unsubscribe(int packetId, String... filters) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeShort(body, packetId);
        for (String filter : filters) {
            writeString(body, filter);
        }
        return packet(0xA2, body.toByteArray());
    }

    static byte[] puback(int packetId) {
        return ack(0x40, packetId);
    }

    static byte[] pubrec(int packetId) {
        return ack(0x50, packetId);
    }

    static byte[] pubrel(int packetId) {
        return ack(0x62, packetId);
    }

    static byte[] pubcomp(int packetId) {
        return ack(0x70, packetId);
    }

    static byte[] ack(int header, int packetId) {
        return new byte[] {(byte) header, 0x02, (byte) (packetId >> 8), (byte) packetId};
    }

    /** A fixed header (first byte, remaining length) followed by {@code body}. */
    static byte[] packet(int header, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
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

    /** An MQTT UTF-8 string or binary data: two length bytes, then the bytes. */
    static byte[] lengthPrefixed(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeShort(out, bytes.length);
        out.writeBytes(bytes);
        return out.toByteArray();
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
