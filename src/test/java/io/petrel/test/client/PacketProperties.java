package io.petrel.test.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The MQTT 5 properties of a packet the broker sent, decoded in the order they came: integers of every size
 * as {@link Long}, strings as {@link String}, binary data as {@code byte[]}, user properties as
 * {@link UserProperty}. Read by {@link Packet#properties()}.
 */
public final class PacketProperties {

    /** A user property as decoded. */
    public record UserProperty(String name, String value) {}

    private record Property(int id, Object value) {}

    private final List<Property> properties;

    private PacketProperties(List<Property> properties) {
        this.properties = properties;
    }

    static PacketProperties none() {
        return new PacketProperties(List.of());
    }

    public boolean has(int id) {
        return properties.stream().anyMatch(property -> property.id() == id);
    }

    /** Every value of the property, in the order sent: for those that may repeat (user property, subscription id). */
    public List<Object> values(int id) {
        return properties.stream().filter(property -> property.id() == id).map(Property::value).toList();
    }

    /** A byte, two-byte, four-byte or variable byte integer property; null when absent. */
    public Long integer(int id) {
        return (Long) single(id);
    }

    /** A UTF-8 string property; null when absent. */
    public String string(int id) {
        return (String) single(id);
    }

    /** A binary data property; null when absent. */
    public byte[] binary(int id) {
        return (byte[]) single(id);
    }

    /** The one value of a property that may not repeat; fails when it does. */
    private Object single(int id) {
        List<Object> values = values(id);
        if (values.size() > 1) {
            throw new AssertionError("property 0x" + Integer.toHexString(id) + " appears " + values.size()
                    + " times in " + this);
        }
        return values.isEmpty() ? null : values.get(0);
    }

    @Override
    public String toString() {
        return properties.toString();
    }

    /** Decodes the property length (a variable byte integer) at {@code offset} and the properties after it. */
    static PacketProperties decode(byte[] bytes, int offset) {
        Cursor cursor = new Cursor(bytes, offset);
        int end = cursor.variableByteInteger();
        end += cursor.position;
        List<Property> properties = new ArrayList<>();
        while (cursor.position < end) {
            int id = cursor.oneByte();
            properties.add(new Property(id, cursor.value(id)));
        }
        return new PacketProperties(properties);
    }

    /** Where the bytes after the properties that start at {@code offset} (with their length) begin. */
    static int end(byte[] bytes, int offset) {
        Cursor cursor = new Cursor(bytes, offset);
        int length = cursor.variableByteInteger();
        return cursor.position + length;
    }

    /** Reads MQTT 5 data types from a packet body. */
    private static final class Cursor {
        private final byte[] bytes;
        int position;

        Cursor(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        Object value(int id) {
            return switch (id) {
                case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> (long) oneByte();
                case 0x13, 0x21, 0x22, 0x23 -> (long) twoByteInteger();
                case 0x02, 0x11, 0x18, 0x27 -> ((long) twoByteInteger() << 16) | twoByteInteger();
                case 0x0B -> (long) variableByteInteger();
                case 0x03, 0x08, 0x12, 0x15, 0x1A, 0x1C, 0x1F -> new String(binary(), StandardCharsets.UTF_8);
                case 0x09, 0x16 -> binary();
                case 0x26 -> new UserProperty(new String(binary(), StandardCharsets.UTF_8),
                        new String(binary(), StandardCharsets.UTF_8));
                default -> throw new AssertionError("unknown property identifier 0x" + Integer.toHexString(id));
            };
        }

        int oneByte() {
            return bytes[position++] & 0xFF;
        }

        int twoByteInteger() {
            int value = ((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF);
            position += 2;
            return value;
        }

        int variableByteInteger() {
            int value = 0;
            int multiplier = 1;
            int digit;
            do {
                digit = oneByte();
                value += (digit & 0x7F) * multiplier;
                multiplier *= 128;
            } while ((digit & 0x80) != 0);
            return value;
        }

        byte[] binary() {
            int length = twoByteInteger();
            byte[] value = Arrays.copyOfRange(bytes, position, position + length);
            position += length;
            return value;
        }
    }
}
