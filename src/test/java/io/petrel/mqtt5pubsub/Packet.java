package io.petrel.mqtt5pubsub;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** One MQTT 5 packet as received: the first header byte and the bytes after the remaining length. */
record Packet(int header, byte[] body) {

    int type() {
        return header >> 4;
    }

    boolean isPublish() {
        return type() == 3;
    }

    int qos() {
        return (header >> 1) & 0x03;
    }

    boolean retain() {
        return (header & 0x01) != 0;
    }

    /** PUBLISH only; empty when the broker sent a topic alias alone. */
    String topic() {
        return new String(body, 2, topicLength(), StandardCharsets.UTF_8);
    }

    /** The packet identifier of a PUBLISH at QoS 1 or 2, or of an acknowledgement, SUBACK or UNSUBACK. */
    int packetId() {
        int offset = isPublish() ? 2 + topicLength() : 0;
        return ((body[offset] & 0xFF) << 8) | (body[offset + 1] & 0xFF);
    }

    /** The properties of a PUBLISH, SUBACK, UNSUBACK, acknowledgement with properties, or DISCONNECT. */
    List<Property> properties() {
        int offset = propertiesOffset();
        return offset < body.length ? new Cursor(body, offset).properties() : List.of();
    }

    /** The values of every property with this identifier, in the order they were sent. */
    List<Object> values(int id) {
        return properties().stream().filter(property -> property.id() == id).map(Property::value).toList();
    }

    Optional<Object> value(int id) {
        List<Object> values = values(id);
        if (values.size() > 1) {
            throw new AssertionError("property " + id + " appears " + values.size() + " times in " + this);
        }
        return values.stream().findFirst();
    }

    /** PUBLISH only. */
    String payload() {
        Cursor cursor = new Cursor(body, propertiesOffset());
        cursor.properties();
        return new String(body, cursor.position, body.length - cursor.position, StandardCharsets.UTF_8);
    }

    /**
     * The reason code of an acknowledgement (0 when left out), of a DISCONNECT (0 when left out) or of a
     * CONNACK.
     */
    int reasonCode() {
        return switch (type()) {
            case 2 -> body[1] & 0xFF;
            case 14 -> body.length == 0 ? 0 : body[0] & 0xFF;
            default -> body.length > 2 ? body[2] & 0xFF : 0;
        };
    }

    /** SUBACK and UNSUBACK only: the reason code of each topic filter, in order. */
    List<Integer> reasonCodes() {
        Cursor cursor = new Cursor(body, 2);
        cursor.properties();
        List<Integer> codes = new ArrayList<>();
        for (int i = cursor.position; i < body.length; i++) {
            codes.add(body[i] & 0xFF);
        }
        return codes;
    }

    private int topicLength() {
        return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
    }

    private int propertiesOffset() {
        return switch (type()) {
            case 3 -> 2 + topicLength() + (qos() > 0 ? 2 : 0);
            case 9, 11 -> 2;
            case 14 -> 1;
            default -> 3; // acknowledgements: packet id, reason code
        };
    }

    @Override
    public String toString() {
        return String.format("Packet[header=%02x, body=%s]", header, HexFormat.ofDelimiter(" ").formatHex(body));
    }

    /** One property as decoded: its identifier and value (Integer, Long, String, byte[] or a user property). */
    record Property(int id, Object value) {}

    /** A user property as decoded. */
    record UserProperty(String name, String value) {}

    /** Reads MQTT 5 data types from a packet body. */
    private static final class Cursor {
        private final byte[] bytes;
        int position;

        Cursor(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        List<Property> properties() {
            int length = variableByteInteger();
            int end = position + length;
            List<Property> properties = new ArrayList<>();
            while (position < end) {
                int id = bytes[position++] & 0xFF;
                properties.add(new Property(id, value(id)));
            }
            return properties;
        }

        private Object value(int id) {
            return switch (id) {
                case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> bytes[position++] & 0xFF;
                case 0x13, 0x21, 0x22, 0x23 -> twoByteInteger();
                case 0x02, 0x11, 0x18, 0x27 -> fourByteInteger();
                case 0x0B -> variableByteInteger();
                case 0x03, 0x08, 0x12, 0x15, 0x1A, 0x1C, 0x1F -> new String(binary(), StandardCharsets.UTF_8);
                case 0x09, 0x16 -> binary();
                case 0x26 -> new UserProperty(new String(binary(), StandardCharsets.UTF_8),
                        new String(binary(), StandardCharsets.UTF_8));
                default -> throw new AssertionError("unknown property identifier " + id);
            };
        }

        private int twoByteInteger() {
            int value = ((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF);
            position += 2;
            return value;
        }

        private long fourByteInteger() {
            long value = 0;
            for (int i = 0; i < 4; i++) {
                value = (value << 8) | (bytes[position++] & 0xFF);
            }
            return value;
        }

        private int variableByteInteger() {
            int value = 0;
            int multiplier = 1;
            int digit;
            do {
                digit = bytes[position++] & 0xFF;
                value += (digit & 0x7F) * multiplier;
                multiplier *= 128;
            } while ((digit & 0x80) != 0);
            return value;
        }

        private byte[] binary() {
            int length = twoByteInteger();
            byte[] value = Arrays.copyOfRange(bytes, position, position + length);
            position += length;
            return value;
        }
    }
}
