package io.petrel.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a node's inbox stream: the forwards and control messages sent to that node one after the
 * other, in order, packed together so that a burst costs one XADD (and one read and acknowledgement on the
 * other side) instead of one per message.
 */
final class InboxBatch {

    /** The stream entry's only field. */
    static final String FIELD = "b";

    /** One item: a {@link Forward} or a {@link Control}, still encoded. */
    record Item(boolean control, byte[] bytes) {

        Forward forward() throws IOException {
            return Forward.decode(bytes);
        }

        Control asControl() {
            return Control.decode(bytes);
        }
    }

    private InboxBatch() {}

    static byte[] encode(List<Item> items) {
        int size = 4;
        for (Item item : items) {
            size += 5 + item.bytes().length;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(items.size());
            for (Item item : items) {
                out.writeBoolean(item.control());
                out.writeInt(item.bytes().length);
                out.write(item.bytes());
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    static List<Item> decode(byte[] encoded) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded));
        int count = in.readInt();
        List<Item> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean control = in.readBoolean();
            items.add(new Item(control, in.readNBytes(in.readInt())));
        }
        return items;
    }
}
