package io.petrel.mqtt5;

import io.petrel.test.Clients;
import io.petrel.transport.MqttServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A blocking MQTT 5.0 client over a plain socket: writes whatever bytes a test gives it and parses what
 * the broker sends, properties included, so that a test can check reason codes, properties and packet
 * sizes exactly. Every read is bounded. Speaks MQTT 3.1.1 too when {@code mqtt5} is false.
 */
final class RawMqtt5Client implements AutoCloseable {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;
    private final boolean mqtt5;

    private RawMqtt5Client(Socket socket, boolean mqtt5) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.mqtt5 = mqtt5;
    }

    static RawMqtt5Client open(MqttServer server, boolean mqtt5) throws IOException {
        Socket socket = new Socket("127.0.0.1", Clients.port(server));
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        return new RawMqtt5Client(socket, mqtt5);
    }

    RawMqtt5Client send(byte[]... chunks) throws IOException {
        for (byte[] chunk : chunks) {
            socket.getOutputStream().write(chunk);
        }
        socket.getOutputStream().flush();
        return this;
    }

    /** Sends CONNECT and returns the CONNACK. */
    Packet connect(Mqtt5Packets.Connect connect) throws IOException {
        Packet connack = send(connect.bytes()).read();
        if (connack.type() != Mqtt5Packets.CONNACK) {
            throw new AssertionError("expected CONNACK, got " + connack);
        }
        return connack;
    }

    /** Sends CONNECT and fails unless the broker accepts it. */
    Packet connectSuccessfully(Mqtt5Packets.Connect connect) throws IOException {
        Packet connack = connect(connect);
        if (connack.reasonCode() != 0) {
            throw new AssertionError("expected a successful CONNACK, got " + connack);
        }
        return connack;
    }

    /** The next packet, waiting up to {@link #READ_TIMEOUT}. */
    Packet read() throws IOException {
        return readWithin(READ_TIMEOUT).orElseThrow(() -> new AssertionError("no packet within " + READ_TIMEOUT));
    }

    /** The next packet, or empty when none starts within {@code timeout}; fails at end of stream. */
    Optional<Packet> readWithin(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        int header;
        try {
            header = in.read();
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } finally {
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        }
        if (header < 0) {
            throw new EOFException("the broker closed the connection");
        }
        return Optional.of(readRest(header, in));
    }

    private Packet readRest(int header, InputStream from) throws IOException {
        int length = 0;
        int multiplier = 1;
        int digit;
        int lengthBytes = 0;
        do {
            digit = from.read();
            if (digit < 0) {
                throw new EOFException("the connection ended in the middle of a packet");
            }
            lengthBytes++;
            length += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((digit & 0x80) != 0);
        byte[] body = from.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("the connection ended after " + body.length + " of " + length + " bytes");
        }
        return new Packet(header, body, 1 + lengthBytes + length, mqtt5);
    }

    /** The PUBLISH packets among the next {@code count} packets; fails on any other packet type. */
    List<Packet> readPublishes(int count) throws IOException {
        List<Packet> publishes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Packet packet = read();
            if (!packet.isPublish()) {
                throw new AssertionError("expected PUBLISH, got " + packet);
            }
            publishes.add(packet);
        }
        return publishes;
    }

    /**
     * Waits until the broker closes the connection and returns the packets it sent before that; fails when
     * the connection is still open after {@code timeout}.
     */
    List<Packet> awaitClosed(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (true) {
            long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (left <= 0) {
                throw new AssertionError("the broker did not close the connection within " + timeout
                        + "; received " + HexFormat.ofDelimiter(" ").formatHex(received.toByteArray()));
            }
            socket.setSoTimeout((int) left);
            try {
                int read = in.read(buffer);
                if (read < 0) {
                    return parse(received.toByteArray());
                }
                received.write(buffer, 0, read);
            } catch (SocketTimeoutException e) {
                // loop: the deadline decides
            } catch (SocketException e) {
                return parse(received.toByteArray()); // reset by the broker: closed as well
            }
        }
    }

    List<Packet> awaitClosed() throws IOException {
        return awaitClosed(READ_TIMEOUT);
    }

    private List<Packet> parse(byte[] bytes) throws IOException {
        List<Packet> packets = new ArrayList<>();
        ByteArrayInputStream stream = new ByteArrayInputStream(bytes);
        int header;
        while ((header = stream.read()) >= 0) {
            packets.add(readRest(header, stream));
        }
        return packets;
    }

    /** Fails when the broker sends anything (or closes) within {@code timeout}: a negative check. */
    void assertNothingWithin(Duration timeout) throws IOException {
        Optional<Packet> packet = readWithin(timeout);
        if (packet.isPresent()) {
            throw new AssertionError("expected nothing within " + timeout + ", got " + packet.get());
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * One MQTT packet as received: the first header byte, the bytes after the remaining length, and its
     * size on the wire.
     */
    record Packet(int header, byte[] body, int size, boolean mqtt5) {

        int type() {
            return header >> 4;
        }

        boolean isPublish() {
            return type() == Mqtt5Packets.PUBLISH;
        }

        boolean isDisconnect() {
            return type() == Mqtt5Packets.DISCONNECT;
        }

        int qos() {
            return (header >> 1) & 0x03;
        }

        /** CONNACK only. */
        boolean sessionPresent() {
            return (body[0] & 0x01) != 0;
        }

        /**
         * The reason code of a CONNACK, DISCONNECT, PUBACK, PUBREC, PUBREL or PUBCOMP (0 when the packet
         * leaves it out).
         */
        int reasonCode() {
            return switch (type()) {
                case Mqtt5Packets.CONNACK -> body[1] & 0xFF;
                case Mqtt5Packets.DISCONNECT -> body.length == 0 ? 0 : body[0] & 0xFF;
                case 4, 5, 6, 7 -> body.length > 2 ? body[2] & 0xFF : 0;
                default -> throw new IllegalStateException("no reason code in " + this);
            };
        }

        /** The packet identifier of a PUBLISH at QoS 1 or 2, or of an acknowledgement. */
        int packetId() {
            int offset = isPublish() ? 2 + topicLength() : 0;
            return ((body[offset] & 0xFF) << 8) | (body[offset + 1] & 0xFF);
        }

        /** PUBLISH only. */
        String topic() {
            return new String(body, 2, topicLength(), StandardCharsets.UTF_8);
        }

        /** PUBLISH only. */
        byte[] payloadBytes() {
            int offset = publishPropertiesOffset();
            if (mqtt5) {
                offset = skipProperties(offset);
            }
            byte[] payload = new byte[body.length - offset];
            System.arraycopy(body, offset, payload, 0, payload.length);
            return payload;
        }

        String payload() {
            return new String(payloadBytes(), StandardCharsets.UTF_8);
        }

        /** The MQTT 5 properties of a CONNACK, DISCONNECT or PUBLISH (none when the packet leaves them out). */
        Properties properties() {
            int offset = switch (type()) {
                case Mqtt5Packets.CONNACK -> 2;
                case Mqtt5Packets.DISCONNECT -> 1;
                case Mqtt5Packets.PUBLISH -> publishPropertiesOffset();
                case 4, 5, 6, 7 -> 3;
                default -> throw new IllegalStateException("no properties read for " + this);
            };
            if (offset >= body.length) {
                return new Properties(Map.of());
            }
            return Properties.decode(body, offset);
        }

        private int publishPropertiesOffset() {
            return 2 + topicLength() + (qos() > 0 ? 2 : 0);
        }

        private int skipProperties(int offset) {
            int[] lengthAndSize = variableByteInteger(body, offset);
            return offset + lengthAndSize[1] + lengthAndSize[0];
        }

        private int topicLength() {
            return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
        }

        @Override
        public String toString() {
            return String.format("Packet[header=%02x, body=%s]", header, HexFormat.ofDelimiter(" ").formatHex(body));
        }
    }

    /** Decoded MQTT 5 properties by identifier; a property that may repeat (user property) keeps every value. */
    record Properties(Map<Integer, List<Object>> values) {

        boolean has(int id) {
            return values.containsKey(id);
        }

        /** The value of a byte, two-byte, four-byte or variable byte integer property. */
        Long integer(int id) {
            List<Object> found = values.get(id);
            return found == null ? null : (Long) found.get(0);
        }

        String string(int id) {
            List<Object> found = values.get(id);
            return found == null ? null : (String) found.get(0);
        }

        byte[] binary(int id) {
            List<Object> found = values.get(id);
            return found == null ? null : (byte[]) found.get(0);
        }

        /** User properties as "key=value", in order. */
        List<String> userProperties() {
            return values.getOrDefault(Mqtt5Packets.USER_PROPERTY, List.of()).stream().map(String.class::cast).toList();
        }

        static Properties decode(byte[] bytes, int offset) {
            int[] lengthAndSize = variableByteInteger(bytes, offset);
            int position = offset + lengthAndSize[1];
            int end = position + lengthAndSize[0];
            Map<Integer, List<Object>> values = new LinkedHashMap<>();
            while (position < end) {
                int id = bytes[position++] & 0xFF;
                Object value;
                switch (id) {
                    case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> {
                        value = (long) (bytes[position] & 0xFF);
                        position += 1;
                    }
                    case 0x13, 0x21, 0x22, 0x23 -> {
                        value = (long) readShort(bytes, position);
                        position += 2;
                    }
                    case 0x02, 0x11, 0x18, 0x27 -> {
                        value = ((long) readShort(bytes, position) << 16) | readShort(bytes, position + 2);
                        position += 4;
                    }
                    case 0x0B -> {
                        int[] idAndSize = variableByteInteger(bytes, position);
                        value = (long) idAndSize[0];
                        position += idAndSize[1];
                    }
                    case 0x03, 0x08, 0x12, 0x15, 0x1A, 0x1C, 0x1F -> {
                        int length = readShort(bytes, position);
                        value = new String(bytes, position + 2, length, StandardCharsets.UTF_8);
                        position += 2 + length;
                    }
                    case 0x09, 0x16 -> {
                        int length = readShort(bytes, position);
                        byte[] data = new byte[length];
                        System.arraycopy(bytes, position + 2, data, 0, length);
                        value = data;
                        position += 2 + length;
                    }
                    case 0x26 -> {
                        int keyLength = readShort(bytes, position);
                        String key = new String(bytes, position + 2, keyLength, StandardCharsets.UTF_8);
                        position += 2 + keyLength;
                        int valueLength = readShort(bytes, position);
                        value = key + "=" + new String(bytes, position + 2, valueLength, StandardCharsets.UTF_8);
                        position += 2 + valueLength;
                    }
                    default -> throw new AssertionError("unknown property identifier 0x" + Integer.toHexString(id));
                }
                values.computeIfAbsent(id, key -> new ArrayList<>()).add(value);
            }
            return new Properties(values);
        }
    }

    private static int readShort(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
    }

    /** The value of the variable byte integer at {@code offset} and how many bytes it took. */
    private static int[] variableByteInteger(byte[] bytes, int offset) {
        int value = 0;
        int multiplier = 1;
        int size = 0;
        int digit;
        do {
            digit = bytes[offset + size] & 0xFF;
            value += (digit & 0x7F) * multiplier;
            multiplier *= 128;
            size++;
        } while ((digit & 0x80) != 0);
        return new int[] {value, size};
    }
}
