package io.petrel.flows;

import io.petrel.test.Clients;
import io.petrel.transport.MqttServer;
import java.io.BufferedInputStream;
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
import java.util.List;
import java.util.Optional;

/**
 * A blocking MQTT client over a plain socket that writes whatever bytes a test gives it, for protocol
 * violations and for exact checks of what the broker sends. Every read is bounded by SO_TIMEOUT.
 */
final class RawClient implements AutoCloseable {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    static RawClient open(MqttServer server) throws IOException {
        Socket socket = new Socket("127.0.0.1", Clients.port(server));
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        return new RawClient(socket);
    }

    /** Opens a connection and completes an MQTT 3.1.1 CONNECT, expecting return code 0. */
    static RawClient connected(MqttServer server, RawPackets.Connect connect) throws IOException {
        RawClient client = open(server);
        Packet connack = client.send(connect.bytes()).read();
        if (connack.type() != 2 || connack.returnCode() != 0) {
            client.close();
            throw new AssertionError("expected a successful CONNACK, got " + connack);
        }
        return client;
    }

    RawClient send(byte[]... chunks) throws IOException {
        for (byte[] chunk : chunks) {
            socket.getOutputStream().write(chunk);
        }
        socket.getOutputStream().flush();
        return this;
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
        int length = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = readByte();
            length += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((digit & 0x80) != 0);
        return Optional.of(new Packet(header, in.readNBytes(length)));
    }

    /** Exactly {@code count} bytes as they arrive, whatever packets they belong to. */
    byte[] readBytes(int count) throws IOException {
        byte[] bytes = in.readNBytes(count);
        if (bytes.length < count) {
            throw new EOFException("end of stream after " + bytes.length + " of " + count + " bytes");
        }
        return bytes;
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
     * Waits until the broker closes the connection (end of stream or reset) and returns the bytes it sent
     * before that; fails when the connection is still open after {@code timeout}.
     */
    byte[] awaitClosed(Duration timeout) throws IOException {
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
                    return received.toByteArray();
                }
                received.write(buffer, 0, read);
            } catch (SocketTimeoutException e) {
                // loop: the deadline decides
            } catch (SocketException e) {
                return received.toByteArray(); // reset by the broker: closed as well
            }
        }
    }

    /** Waits until the broker closes the connection, ignoring what it sent before. */
    void awaitClosed() throws IOException {
        awaitClosed(READ_TIMEOUT);
    }

    /** Fails when the broker sends anything (or closes) within {@code timeout}: a negative check. */
    void assertNothingWithin(Duration timeout) throws IOException {
        Optional<Packet> packet = readWithin(timeout);
        if (packet.isPresent()) {
            throw new AssertionError("expected nothing within " + timeout + ", got " + packet.get());
        }
    }

    private int readByte() throws IOException {
        int value = in.read();
        if (value < 0) {
            throw new EOFException("the broker closed the connection in the middle of a packet");
        }
        return value;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** One MQTT packet as received: the first header byte and the bytes after the remaining length. */
    record Packet(int header, byte[] body) {

        int type() {
            return header >> 4;
        }

        boolean isPublish() {
            return type() == 3;
        }

        boolean dup() {
            return (header & 0x08) != 0;
        }

        int qos() {
            return (header >> 1) & 0x03;
        }

        boolean retain() {
            return (header & 0x01) != 0;
        }

        /** CONNACK only. */
        boolean sessionPresent() {
            return (body[0] & 0x01) != 0;
        }

        /** CONNACK only. */
        int returnCode() {
            return body[1] & 0xFF;
        }

        /** The packet identifier of a PUBLISH at QoS 1 or 2, or of an acknowledgement, SUBACK or UNSUBACK. */
        int packetId() {
            int offset = isPublish() ? 2 + topicLength() : 0;
            return ((body[offset] & 0xFF) << 8) | (body[offset + 1] & 0xFF);
        }

        /** PUBLISH only. */
        String topic() {
            return new String(body, 2, topicLength(), StandardCharsets.UTF_8);
        }

        /** PUBLISH only. */
        String payload() {
            int offset = 2 + topicLength() + (qos() > 0 ? 2 : 0);
            return new String(body, offset, body.length - offset, StandardCharsets.UTF_8);
        }

        /** SUBACK only: the return codes after the packet identifier. */
        List<Integer> returnCodes() {
            List<Integer> codes = new ArrayList<>();
            for (int i = 2; i < body.length; i++) {
                codes.add(body[i] & 0xFF);
            }
            return codes;
        }

        private int topicLength() {
            return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
        }

        @Override
        public String toString() {
            return String.format("Packet[header=%02x, body=%s]", header, HexFormat.ofDelimiter(" ").formatHex(body));
        }
    }
}
