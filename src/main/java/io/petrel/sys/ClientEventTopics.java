package io.petrel.sys;

import io.petrel.auth.ClientInfo;
import io.petrel.event.ClientConnected;
import io.petrel.event.ClientDisconnected;
import io.petrel.event.ClientSubscribed;
import io.petrel.event.ClientUnsubscribed;
import io.petrel.message.Message;
import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import io.petrel.routing.TopicName;
import io.petrel.session.MessagePublisher;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * Publishes client lifecycle events as EMQX does: JSON to
 * {@code $SYS/brokers/{node}/clients/{clientId}/connected}, {@code /disconnected}, {@code /subscribed} and
 * {@code /unsubscribed}, QoS 0, not retained. The disconnect reason is "normal" for a client's DISCONNECT, else
 * the reason code's name in lower case ("session_taken_over", "keep_alive_timeout"; "unspecified_error" when
 * the network connection closed without DISCONNECT). A client id that cannot be part of a topic name (it contains
 * {@code +} or {@code #}) gets no messages. Called on the {@code mqtt-events} thread.
 */
public final class ClientEventTopics {

    private final MessagePublisher publisher;
    private final String prefix;

    public ClientEventTopics(MessagePublisher publisher, String nodeName) {
        this.publisher = publisher;
        this.prefix = "$SYS/brokers/" + nodeName + "/clients/";
    }

    public void connected(ClientConnected event) {
        ClientInfo client = event.client();
        InetSocketAddress address = client.remoteAddress();
        publish(client, "connected", identify(client)
                .put("ipaddress", address.getAddress() == null ? address.getHostString()
                        : address.getAddress().getHostAddress())
                .put("proto_ver", client.protocolVersion())
                .put("keepalive", event.keepAliveSeconds())
                .put("connected_at", event.time().toEpochMilli())
                .put("ts", event.time().toEpochMilli()));
    }

    public void disconnected(ClientDisconnected event) {
        publish(event.client(), "disconnected", identify(event.client())
                .put("reason", event.reasonCode() == ReasonCode.SUCCESS ? "normal"
                        : event.reasonCode().name().toLowerCase(Locale.ROOT))
                .put("disconnected_at", event.time().toEpochMilli())
                .put("ts", event.time().toEpochMilli()));
    }

    public void subscribed(ClientSubscribed event) {
        publish(event.client(), "subscribed", identify(event.client())
                .put("topic", event.topicFilter())
                .put("qos", event.qos().value())
                .put("ts", event.time().toEpochMilli()));
    }

    public void unsubscribed(ClientUnsubscribed event) {
        publish(event.client(), "unsubscribed", identify(event.client())
                .put("topic", event.topicFilter())
                .put("ts", event.time().toEpochMilli()));
    }

    private static Json identify(ClientInfo client) {
        return new Json().put("clientid", client.clientId()).put("username", client.username());
    }

    private void publish(ClientInfo client, String kind, Json payload) {
        String topic = prefix + client.clientId() + "/" + kind;
        if (TopicName.isValid(topic)) {
            publisher.publish(Message.of(topic, payload.toString(), Qos.AT_MOST_ONCE, false));
        }
    }
}
