package io.petrel.cluster;

import java.nio.charset.StandardCharsets;

/**
 * A message between nodes about one session, sent through the receiving node's inbox stream, in order with
 * the forwards: as text {@code type|epoch|fromNode|clientId}.
 *
 * @param type what is asked or told
 * @param clientId the session's client id
 * @param epoch the session's claim counter when the message was sent, to match an answer to its request
 * @param fromNode the sender, where an answer goes
 */
record Control(Type type, String clientId, long epoch, String fromNode) {

    enum Type {
        /** Another node claimed the session: close its connection, hand over what it holds, answer RELEASED. */
        RELEASE,
        /** Like RELEASE, for a clean start: what the session held is discarded. */
        DISCARD,
        /** The session was released; what it held is at the head of its queue in Redis. */
        RELEASED,
        /** Messages were queued in Redis for a session this node owns: move them into the session. */
        DRAIN
    }

    byte[] encode() {
        return (type.name() + '|' + epoch + '|' + fromNode + '|' + clientId).getBytes(StandardCharsets.UTF_8);
    }

    static Control decode(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] parts = text.split("\\|", 4); // the client id goes last: it may contain '|'
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a control message: " + text);
        }
        return new Control(Type.valueOf(parts[0]), parts[3], Long.parseLong(parts[1]), parts[2]);
    }
}
