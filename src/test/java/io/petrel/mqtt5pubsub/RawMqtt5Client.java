package io.petrel.mqtt5pubsub;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A blocking MQTT 5 client over a plain socket that writes whatever bytes a test gives it and decodes what
 * the broker sends, properties included, for exact checks of the wire. Every read is bounded.
 */
final class RawMqtt5Client implements AutoCloseable {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** How long the broker may take to close a connection it must close: at once, really. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;

    private RawMqtt5Client(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    static RawMqtt5Client open(MqttServer server) throws IOException {
        Socket socket = new Socket("127.0.0.1", Clients.port(server));
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        return new RawMqtt5Client(socket);
    }

    /** Opens a connection and completes an MQTT 5 CONNECT, expecting reason code 0. */
    static RawMqtt5Client connected(MqttServer server, Mqtt5Packets.Connect connect) throws IOException {
        RawMqtt5Client client = open(server);
        Packet connack = client.send(connect.bytes()).read();
        if (connack.type() != 2 || connack.body()[1] != 0) {
            client.close();
            throw new AssertionError("expected a successful CONNACK, got " + connack);
        }
        return client;
    }

    RawMqtt5Client send(byte[]... chunks) throws IOException {
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
            digit = in.read();
            if (digit < 0) {
                throw new EOFException("the broker closed the connection in the middle of a packet");
            }
            length += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((digit & 0x80) != 0);
        return Optional.of(new Packet(header, in.readNBytes(length)));
    }

    /** The next {@code count} packets, which must all be PUBLISH packets. */
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

    /** Sends PINGREQ and expects PINGRESP as the next packet: the connection is open and responsive. */
    void assertResponsive() throws IOException {
        Packet response = send(Mqtt5Packets.PINGREQ).read();
        if (response.header() != 0xD0) {
            throw new AssertionError("expected PINGRESP, got " + response);
        }
    }

    /**
     * Waits until the broker closes the connection (end of stream or reset) and returns the bytes it sent
     * before that; fails when the connection is still open after {@link #CLOSE_TIMEOUT}.
     */
    byte[] awaitClosed() throws IOException {
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (true) {
            long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (left <= 0) {
                throw new AssertionError("the broker did not close the connection within " + CLOSE_TIMEOUT
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
}
