package io.petrel.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.routing.Delivery;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Forwards and control messages packed into one inbox entry come out in the order they went in. */
class InboxBatchTests {

    @Test
    void itemsKeepTheirKindContentAndOrder() throws Exception {
        Message message = Message.of("a/b", "payload", Qos.AT_LEAST_ONCE, false);
        Forward forward = new Forward(message, List.of(
                new Forward.Recipient("c1", new Delivery(message, Qos.AT_LEAST_ONCE, false, List.of(7))),
                new Forward.Recipient("c2", new Delivery(message, Qos.AT_MOST_ONCE, true, List.of(), "$share/g/a/b"))));
        Control control = new Control(Control.Type.RELEASE, "client|with|bars", 42, "node-1");

        List<InboxBatch.Item> decoded = InboxBatch.decode(InboxBatch.encode(List.of(
                new InboxBatch.Item(false, forward.encode()), new InboxBatch.Item(true, control.encode()),
                new InboxBatch.Item(false, forward.encode()))));

        assertThat(decoded).extracting(InboxBatch.Item::control).containsExactly(false, true, false);
        assertThat(decoded.get(1).asControl()).isEqualTo(control);
        Forward back = decoded.get(2).forward();
        assertThat(back.message().topic()).isEqualTo("a/b");
        assertThat(back.recipients()).extracting(Forward.Recipient::clientId).containsExactly("c1", "c2");
        assertThat(back.recipients().get(0).delivery().subscriptionIds()).containsExactly(7);
        assertThat(back.recipients().get(1).delivery().sharedGroup()).isEqualTo("$share/g/a/b");
        assertThat(back.recipients().get(1).delivery().retain()).isTrue();
    }

    @Test
    void anEmptyBatchDecodesToNothing() throws Exception {
        assertThat(InboxBatch.decode(InboxBatch.encode(List.of()))).isEmpty();
    }
}
