package io.petrel.cluster;

import io.petrel.message.Message;
import io.petrel.message.MessageProperties;
import io.petrel.message.Qos;
import io.petrel.message.UserProperty;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The binary form of a {@link Message} in Redis (forwarded between nodes, retained, queued for an offline
 * session). It starts with a format version, so a node can refuse what a newer node wrote instead of
 * misreading it. The receiving node's clock starts the message's latency again: {@code receivedAtNanos}
 * is not portable between processes.
 */
final class MessageCodec {

    private static final int VERSION = 1;

    private MessageCodec() {}

    static void write(Message message, DataOutputStream out) throws IOException {
        out.writeByte(VERSION);
        out.writeUTF(message.topic());
        out.writeByte(message.qos().value());
        out.writeBoolean(message.retain());
        out.writeLong(message.expiresAt());
        writeNullable(out, message.origin());
        MessageProperties properties = message.properties();
        out.writeInt(properties.payloadFormatIndicator() == null ? -1 : properties.payloadFormatIndicator());
        writeNullable(out, properties.contentType());
        writeNullable(out, properties.responseTopic());
        byte[] correlation = properties.correlationData();
        out.writeInt(correlation == null ? -1 : correlation.length);
        if (correlation != null) {
            out.write(correlation);
        }
        out.writeInt(properties.userProperties().size());
        for (UserProperty property : properties.userProperties()) {
            out.writeUTF(property.name());
            out.writeUTF(property.value());
        }
        out.writeInt(message.payload().length);
        out.write(message.payload());
    }

    static Message read(DataInputStream in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("message format " + version + " is not known to this node (it reads " + VERSION + ")");
        }
        String topic = in.readUTF();
        Qos qos = Qos.of(in.readUnsignedByte());
        boolean retain = in.readBoolean();
        long expiresAt = in.readLong();
        String origin = readNullable(in);
        int format = in.readInt();
        String contentType = readNullable(in);
        String responseTopic = readNullable(in);
        int correlationLength = in.readInt();
        byte[] correlation = correlationLength < 0 ? null : in.readNBytes(correlationLength);
        int userPropertyCount = in.readInt();
        List<UserProperty> userProperties = new ArrayList<>(userPropertyCount);
        for (int i = 0; i < userPropertyCount; i++) {
            userProperties.add(new UserProperty(in.readUTF(), in.readUTF()));
        }
        byte[] payload = in.readNBytes(in.readInt());
        MessageProperties properties = format < 0 && contentType == null && responseTopic == null
                && correlation == null && userProperties.isEmpty()
                        ? MessageProperties.NONE
                        : new MessageProperties(format < 0 ? null : format, contentType, responseTopic, correlation,
                                userProperties);
        return new Message(topic, payload, qos, retain, properties, expiresAt, origin);
    }

    /** A message alone (retained, queued), as bytes. */
    static byte[] encode(Message message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + message.payload().length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(message, out);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    static Message decode(byte[] encoded) throws IOException {
        return read(new DataInputStream(new ByteArrayInputStream(encoded)));
    }

    static void writeNullable(DataOutputStream out, @Nullable String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    static @Nullable String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
