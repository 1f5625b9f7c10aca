package io.petrel.test.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One MQTT packet as {@link RawClient} received it: the first header byte, the bytes after the remaining
 * length, its size on the wire, and whether it came over an MQTT 5 connection (which decides where
 * properties stand). The accessors read the fields a test checks; each says which packets it is for.
 */
public record Packet(int header, byte[] body, int size, boolean mqtt5) {

    // Packet types: the first header byte >> 4.
    public static final int CONNACK = 2;
    public static final int PUBLISH = 3;
    public static final int PUBACK = 4;
    public static final int PUBREC = 5;
    public static final int PUBREL = 6;
    public static final int PUBCOMP = 7;
    public static final int SUBACK = 9;
    public static final int UNSUBACK = 11;
    public static final int PINGRESP = 13;
    public static final int DISCONNECT = 14;
    public static final int AUTH = 15;

    public int type() {
        return header >> 4;
    }

    public boolean isPublish() {
        return type() == PUBLISH;
    }

    public boolean isDisconnect() {
        return type() == DISCONNECT;
    }

    /** PUBLISH only. */
    public boolean dup() {
        return (header & 0x08) != 0;
    }

    /** PUBLISH only. */
    public int qos() {
        return (header >> 1) & 0x03;
    }

    /** PUBLISH only. */
    public boolean retain() {
        return (header & 0x01) != 0;
    }

    /** CONNACK only. */
    public boolean sessionPresent() {
        return (body[0] & 0x01) != 0;
    }

    /**
     * The return code of a CONNACK (MQTT 3.1.1) or the reason code of a CONNACK, PUBACK, PUBREC, PUBREL,
     * PUBCOMP, DISCONNECT or AUTH (MQTT 5; 0 when the packet leaves it out).
     */
    public int reasonCode() {
        return switch (type()) {
            case CONNACK -> body[1] & 0xFF;
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> body.length > 2 ? body[2] & 0xFF : 0;
            case DISCONNECT, AUTH -> body.length == 0 ? 0 : body[0] & 0xFF;
            default -> throw new IllegalStateException("no reason code in " + this);
        };
    }

    /** SUBACK and UNSUBACK: the return codes (MQTT 3.1.1) or reason codes (MQTT 5) of each topic filter, in order. */
    public List<Integer> reasonCodes() {
        if (type() != SUBACK && type() != UNSUBACK) {
            throw new IllegalStateException("no reason codes in " + this);
        }
        List<Integer> codes = new ArrayList<>();
        for (int i = mqtt5 ? PacketProperties.end(body, 2) : 2; i < body.length; i++) {
            codes.add(body[i] & 0xFF);
        }
        return codes;
    }

    /** The packet identifier of a PUBLISH at QoS 1 or 2, of an acknowledgement, SUBACK or UNSUBACK. */
    public int packetId() {
        int offset = isPublish() ? 2 + topicLength() : 0;
        return ((body[offset] & 0xFF) << 8) | (body[offset + 1] & 0xFF);
    }

    /** PUBLISH only; empty when the broker sent a topic alias alone. */
    public String topic() {
        return new String(body, 2, topicLength(), StandardCharsets.UTF_8);
    }

    /** PUBLISH only: the application message, after the properties on an MQTT 5 connection. */
    public byte[] payloadBytes() {
        int offset = publishPropertiesOffset();
        if (mqtt5) {
            offset = PacketProperties.end(body, offset);
        }
        byte[] payload = new byte[body.length - offset];
        System.arraycopy(body, offset, payload, 0, payload.length);
        return payload;
    }

    /** PUBLISH only: the application message as UTF-8. */
    public String payload() {
        return new String(payloadBytes(), StandardCharsets.UTF_8);
    }

    /**
     * The MQTT 5 properties of a CONNACK, PUBLISH, acknowledgement, SUBACK, UNSUBACK, DISCONNECT or AUTH;
     * none when the packet leaves them out.
     */
    public PacketProperties properties() {
        if (!mqtt5) {
            throw new IllegalStateException("no properties in MQTT 3.1.1: " + this);
        }
        int offset = switch (type()) {
            case CONNACK, SUBACK, UNSUBACK -> 2;
            case PUBLISH -> publishPropertiesOffset();
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> 3;
            case DISCONNECT, AUTH -> 1;
            default -> throw new IllegalStateException("no properties in " + this);
        };
        return offset < body.length ? PacketProperties.decode(body, offset) : PacketProperties.none();
    }

    private int publishPropertiesOffset() {
        return 2 + topicLength() + (qos() > 0 ? 2 : 0);
    }

    private int topicLength() {
        return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
    }

    @Override
    public String toString() {
        return String.format("Packet[header=%02x, body=%s]", header, HexFormat.ofDelimiter(" ").formatHex(body));
    }
}
