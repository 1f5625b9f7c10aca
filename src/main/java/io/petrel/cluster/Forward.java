package io.petrel.cluster;

import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.routing.Delivery;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One message on its way to one other node, with the node's clients that receive it and how: the publishing
 * node did all the matching (QoS, retain-as-published, subscription identifiers, the one member of each
 * shared group), so the receiving node only hands each delivery to its session and no node can deliver it
 * twice.
 */
record Forward(Message message, List<Recipient> recipients) {

    /** One client's delivery of the message. */
    record Recipient(String clientId, Delivery delivery) {}

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96 + message.payload().length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            MessageCodec.write(message, out);
            out.writeInt(recipients.size());
            for (Recipient recipient : recipients) {
                Delivery delivery = recipient.delivery();
                out.writeUTF(recipient.clientId());
                out.writeByte(delivery.qos().value());
                out.writeBoolean(delivery.retain());
                MessageCodec.writeNullable(out, delivery.sharedGroup());
                out.writeInt(delivery.subscriptionIds().size());
                for (int id : delivery.subscriptionIds()) {
                    out.writeInt(id);
                }
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    static Forward decode(byte[] encoded) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded));
        Message message = MessageCodec.read(in);
        int count = in.readInt();
        List<Recipient> recipients = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String clientId = in.readUTF();
            Qos qos = Qos.of(in.readUnsignedByte());
            boolean retain = in.readBoolean();
            String group = MessageCodec.readNullable(in);
            int idCount = in.readInt();
            List<Integer> ids = new ArrayList<>(idCount);
            for (int j = 0; j < idCount; j++) {
                ids.add(in.readInt());
            }
            recipients.add(new Recipient(clientId, new Delivery(message, qos, retain, ids, group)));
        }
        return new Forward(message, recipients);
    }
}
