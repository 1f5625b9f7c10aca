package io.petrel.test.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A tiny blocking Redis client over a plain socket, speaking RESP2, for test set-up and assertions. It is
 * independent of the client the broker uses, so a test checks the broker's keys with a second opinion.
 * Replies are rendered as text: arrays (also nested ones) as their elements joined by newlines, a nil as
 * {@code null} at the top and as an empty line inside an array. Error replies throw {@link ErrorReply}.
 */
public final class RespClient implements AutoCloseable {

    /** How long a read waits for a reply, also for a message on a subscribed connection. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to a Redis server on 127.0.0.1; throws {@link UncheckedIOException} when nothing answers. */
    public static RespClient connect(int port) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    (int) CONNECT_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            return new RespClient(socket);
        } catch (IOException ex) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot connect to Redis on 127.0.0.1:" + port, ex);
        }
    }

    /** Sends one command and returns its reply as text (null for a nil reply). */
    public @Nullable String command(String... args) {
        send(args);
        return nextReply();
    }

    /** Sends one command without reading its reply, for example {@code SUBSCRIBE} before {@link #nextReply()}. */
    public void send(String... args) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        writeLine(request, "*" + args.length);
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            writeLine(request, "$" + bytes.length);
            request.writeBytes(bytes);
            writeLine(request, "");
        }
        try {
            this.out.write(request.toByteArray());
            this.out.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot send " + args[0] + " to Redis", ex);
        }
    }

    /** Reads the next reply, which on a subscribed connection is the next message pushed to it. */
    public @Nullable String nextReply() {
        try {
            return readReply();
        } catch (IOException ex) {
            throw new UncheckedIOException("no reply from Redis", ex);
        }
    }

    @Override
    public void close() {
        closeQuietly(this.socket);
    }

    private @Nullable String readReply() throws IOException {
        String line = readLine();
        String body = line.substring(1);
        return switch (line.charAt(0)) {
            case '+', ':' -> body;
            case '-' -> throw new ErrorReply(body);
            case '$' -> readBulk(Integer.parseInt(body));
            case '*' -> readArray(Integer.parseInt(body));
            default -> throw new IOException("not a RESP2 reply: " + line);
        };
    }

    private @Nullable String readBulk(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = this.in.readNBytes(length + 2);
        if (bytes.length < length + 2) {
            throw new EOFException("Redis closed the connection inside a reply");
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private @Nullable String readArray(int count) throws IOException {
        if (count < 0) {
            return null;
        }
        List<String> elements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String element = readReply();
            elements.add((element != null) ? element : "");
        }
        return String.join("\n", elements);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int next = this.in.read();
            if (next < 0) {
                throw new EOFException("Redis closed the connection");
            }
            if (previous == '\r' && next == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(next);
            previous = next;
        }
    }

    private static void writeLine(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ex) {
            // Nothing to do: the socket is gone either way.
        }
    }

    /** An error reply from Redis ({@code -ERR ...}, {@code -MOVED ...}); the message is its text. */
    public static final class ErrorReply extends RuntimeException {

        ErrorReply(String message) {
            super(message);
        }
    }
}
