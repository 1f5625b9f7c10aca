package io.petrel.test.client;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

/** A HiveMQ MQTT 5 client and what it receives, with bounded waits for a message or for none. */
public record Mqtt5Subscriber(Mqtt5BlockingClient client, Mqtt5Publishes publishes) {

    /** The next message, waiting up to {@link TestClients#PATIENCE}. */
    public Mqtt5Publish receive() throws InterruptedException {
        return Inbox.next(publishes::receive);
    }

    /** Fails when a message arrives within {@link TestClients#QUIET}. */
    public void assertNothingReceived() throws InterruptedException {
        Inbox.assertNone(publishes::receive, message -> message + " '" + TestClients.text(message) + "'");
    }
}
