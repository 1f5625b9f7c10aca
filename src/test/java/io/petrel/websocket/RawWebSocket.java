package io.petrel.websocket;

import io.petrel.test.client.Packet;
import io.petrel.test.client.RawClient;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * MQTT over a WebSocket made with the JDK's {@link WebSocket}, for exact checks of the framing: a test
 * sends whatever bytes it likes in whatever frames (see {@code Packets}), and reads the broker's binary
 * messages, each of which must hold exactly one MQTT packet. Every wait is bounded by
 * {@link RawClient#READ_TIMEOUT}.
 */
final class RawWebSocket implements WebSocket.Listener, AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(RawClient.READ_TIMEOUT).build();

    private static final Duration TIMEOUT = RawClient.READ_TIMEOUT;

    private final boolean mqtt5;
    private final BlockingQueue<byte[]> binaryMessages = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream partialMessage = new ByteArrayOutputStream();
    private final CompletableFuture<Closing> closed = new CompletableFuture<>();
    private final Queue<CompletableFuture<String>> pongs = new ConcurrentLinkedQueue<>();
    private volatile boolean textReceived;
    private WebSocket webSocket;

    /**
     * How the connection ended: by the broker's close frame (status code and reason), or without one
     * (status code -1 and the error the client saw).
     */
    record Closing(int statusCode, String reason) {}

    private RawWebSocket(boolean mqtt5) {
        this.mqtt5 = mqtt5;
    }

    /**
     * Opens a WebSocket offering {@code subprotocols}; what it reads is parsed as MQTT 5 when
     * {@code mqtt5}, as MQTT 3.1.1 (or 3.1) otherwise. Fails when the handshake does.
     */
    static RawWebSocket open(URI uri, boolean mqtt5, String... subprotocols) throws Exception {
        RawWebSocket client = new RawWebSocket(mqtt5);
        client.webSocket = builder(subprotocols).buildAsync(uri, client).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return client;
    }

    /** The exception with the HTTP response of a handshake that must fail. */
    static WebSocketHandshakeException refusedHandshake(URI uri, String... subprotocols) throws Exception {
        RawWebSocket client = new RawWebSocket(false);
        try {
            WebSocket accepted = builder(subprotocols).buildAsync(uri, client).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            accepted.abort();
            throw new AssertionError("the handshake succeeded with subprotocol '" + accepted.getSubprotocol() + "'");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused;
            }
            throw new AssertionError("expected a refused handshake, got " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no answer to the handshake within " + TIMEOUT, e);
        }
    }

    private static WebSocket.Builder builder(String... subprotocols) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
        if (subprotocols.length > 0) {
            String[] more = new String[subprotocols.length - 1];
            System.arraycopy(subprotocols, 1, more, 0, more.length);
            builder.subprotocols(subprotocols[0], more);
        }
        return builder;
    }

    /** The subprotocol the server selected, empty for none. */
    String subprotocol() {
        return webSocket.getSubprotocol();
    }

    /** Sends each of {@code messages} as one binary frame. */
    RawWebSocket send(byte[]... messages) throws Exception {
        for (byte[] message : messages) {
            sendFrame(message, true);
        }
        return this;
    }

    /**
     * Sends one binary frame; with {@code last} false, the frames that follow up to one with {@code last}
     * true are continuation frames of the same message.
     */
    RawWebSocket sendFrame(byte[] content, boolean last) throws Exception {
        webSocket.sendBinary(ByteBuffer.wrap(content), last).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    RawWebSocket sendText(String text) throws Exception {
        webSocket.sendText(text, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Starts the closing handshake with a close frame, as a browser tab that goes away does. */
    RawWebSocket sendClose(int statusCode, String reason) throws Exception {
        webSocket.sendClose(statusCode, reason).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Sends CONNECT in one frame and fails unless the next packet is a CONNACK with return code 0. */
    RawWebSocket connectSuccessfully(byte[] connect) throws Exception {
        Packet connack = send(connect).read();
        if (connack.type() != Packet.CONNACK || connack.reasonCode() != 0) {
            throw new AssertionError("expected a successful CONNACK, got " + connack);
        }
        return this;
    }

    /** The next binary message, which must hold exactly one MQTT packet. */
    Packet read() throws Exception {
        byte[] message = binaryMessages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no binary message within " + TIMEOUT
                    + (closed.isDone() ? "; the connection closed: " + closed.getNow(null) : ""));
        }
        return onePacket(message);
    }

    /** Sends PINGREQ and expects PINGRESP as the next packet. */
    void assertResponsive() throws Exception {
        Packet response = send(new byte[] {(byte) 0xC0, 0x00}).read();
        if (response.type() != Packet.PINGRESP) {
            throw new AssertionError("expected PINGRESP, got " + response);
        }
    }

    /** Waits until the connection ends, by a close frame or by the end of the stream, and says how. */
    Closing awaitClosed() throws Exception {
        try {
            return closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the connection is still open after " + TIMEOUT, e);
        }
    }

    /** Sends a WebSocket ping and returns the content of the pong that answers it. */
    String ping(String content) throws Exception {
        CompletableFuture<String> pong = new CompletableFuture<>();
        pongs.add(pong);
        webSocket.sendPing(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)))
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return pong.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no pong within " + TIMEOUT, e);
        }
    }

    boolean textReceived() {
        return textReceived;
    }

    /** The packet that fills {@code message}; fails when it holds less or more than one. */
    private Packet onePacket(byte[] message) {
        int length = 0;
        int multiplier = 1;
        int index = 1;
        int digit;
        do {
            if (index >= message.length) {
                throw new AssertionError("binary message ends in the fixed header: " + hex(message));
            }
            digit = message[index++] & 0xFF;
            length += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((digit & 0x80) != 0);
        if (index + length != message.length) {
            throw new AssertionError("binary message of " + message.length + " bytes holds a packet of "
                    + (index + length) + " bytes: " + hex(message));
        }
        byte[] body = new byte[length];
        System.arraycopy(message, index, body, 0, length);
        return new Packet(message[0] & 0xFF, body, message.length, mqtt5);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        synchronized (partialMessage) {
            partialMessage.writeBytes(bytes);
            if (last) {
                binaryMessages.add(partialMessage.toByteArray());
                partialMessage.reset();
            }
        }
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        textReceived = true;
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        CompletableFuture<String> pong = pongs.poll();
        if (pong != null) {
            pong.complete(StandardCharsets.UTF_8.decode(message).toString());
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closing(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Closing(-1, String.valueOf(error)));
    }

    @Override
    public void close() {
        if (webSocket != null) {
            webSocket.abort();
        }
    }
}
