package io.petrel.test.client;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A blocking MQTT client over a plain socket, for protocol violations and exact checks of the wire: it
 * writes whatever bytes a test gives it (see {@link Packets}) and reads what the broker sends as
 * {@link Packet}s, MQTT 3.1.1 or MQTT 5 as it was opened for. Every read is bounded by a timeout.
 */
public final class RawClient implements AutoCloseable {

    /** How long a read waits for a packet that must come. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** How long the broker may take to close a connection it must close at once. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;
    private final boolean mqtt5;

    private RawClient(Socket socket, boolean mqtt5) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.mqtt5 = mqtt5;
    }

    /**
     * Opens a connection to the broker, not yet connected; what it reads is parsed as MQTT 5 when
     * {@code protocolLevel} is 5, as MQTT 3.1.1 otherwise.
     */
    public static RawClient open(MqttServer server, int protocolLevel) throws IOException {
        return open(Clients.port(server), protocolLevel);
    }

    /** Opens a connection to a listener's port on 127.0.0.1, as {@link #open(MqttServer, int)} does. */
    public static RawClient open(int port, int protocolLevel) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        return new RawClient(socket, protocolLevel == 5);
    }

    public RawClient send(byte[]... chunks) throws IOException {
        for (byte[] chunk : chunks) {
            socket.getOutputStream().write(chunk);
        }
        socket.getOutputStream().flush();
        return this;
    }

    /** Sends CONNECT and returns the CONNACK, whatever its return or reason code. */
    public Packet connect(Packets.Connect connect) throws IOException {
        Packet connack = send(connect.bytes()).read();
        if (connack.type() != Packet.CONNACK) {
            throw new AssertionError("expected CONNACK, got " + connack);
        }
        return connack;
    }

    /** Sends CONNECT and fails unless the broker accepts it (return or reason code 0). */
    public Packet connectSuccessfully(Packets.Connect connect) throws IOException {
        Packet connack = connect(connect);
        if (connack.reasonCode() != 0) {
            throw new AssertionError("expected a successful CONNACK, got " + connack);
        }
        return connack;
    }

    /** The next packet, waiting up to {@link #READ_TIMEOUT}. */
    public Packet read() throws IOException {
        return readWithin(READ_TIMEOUT).orElseThrow(() -> new AssertionError("no packet within " + READ_TIMEOUT));
    }

    /** The next packet, or empty when none starts within {@code timeout}; fails at end of stream. */
    public Optional<Packet> readWithin(Duration timeout) throws IOException {
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

    /** Exactly {@code count} bytes as they arrive, whatever packets they belong to. */
    public byte[] readBytes(int count) throws IOException {
        byte[] bytes = in.readNBytes(count);
        if (bytes.length < count) {
            throw new EOFException("end of stream after " + bytes.length + " of " + count + " bytes");
        }
        return bytes;
    }

    /** The next {@code count} packets, which must all be PUBLISH packets. */
    public List<Packet> readPublishes(int count) throws IOException {
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

    /** Fails when the broker sends anything (or closes) within {@code timeout}: a negative check. */
    public void assertNothingWithin(Duration timeout) throws IOException {
        Optional<Packet> packet = readWithin(timeout);
        if (packet.isPresent()) {
            throw new AssertionError("expected nothing within " + timeout + ", got " + packet.get());
        }
    }

    /** Sends PINGREQ and expects PINGRESP as the next packet: the connection is open and responsive. */
    public void assertResponsive() throws IOException {
        Packet response = send(Packets.PINGREQ).read();
        if (response.header() != 0xD0) {
            throw new AssertionError("expected PINGRESP, got " + response);
        }
    }

    /**
     * Waits until the broker closes the connection (end of stream or reset) and returns the bytes it sent
     * before that; fails when the connection is still open after {@code timeout}.
     */
    public byte[] awaitClosed(Duration timeout) throws IOException {
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

    /** {@link #awaitClosed(Duration)} within {@link #READ_TIMEOUT}. */
    public byte[] awaitClosed() throws IOException {
        return awaitClosed(READ_TIMEOUT);
    }

    /** {@link #awaitClosed(Duration)}, with the bytes parsed into the packets they make. */
    public List<Packet> awaitClosedPackets(Duration timeout) throws IOException {
        ByteArrayInputStream stream = new ByteArrayInputStream(awaitClosed(timeout));
        List<Packet> packets = new ArrayList<>();
        int header;
        while ((header = stream.read()) >= 0) {
            packets.add(readRest(header, stream));
        }
        return packets;
    }

    /** {@link #awaitClosedPackets(Duration)} within {@link #READ_TIMEOUT}. */
    public List<Packet> awaitClosedPackets() throws IOException {
        return awaitClosedPackets(READ_TIMEOUT);
    }

    /** The remaining length and the bytes after it, of the packet whose first byte was {@code header}. */
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

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
