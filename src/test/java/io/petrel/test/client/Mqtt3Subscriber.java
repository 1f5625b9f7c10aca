package io.petrel.test.client;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient.Mqtt3Publishes;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;

/** A HiveMQ MQTT 3.1.1 client and what it receives, with bounded waits for a message or for none. */
public record Mqtt3Subscriber(Mqtt3BlockingClient client, Mqtt3Publishes publishes) {

    /** The next message, waiting up to {@link TestClients#PATIENCE}. */
    public Mqtt3Publish receive() throws InterruptedException {
        return Inbox.next(publishes::receive);
    }

    /** Fails when a message arrives within {@link TestClients#QUIET}. */
    public void assertNothingReceived() throws InterruptedException {
        Inbox.assertNone(publishes::receive, message -> message + " '" + TestClients.text(message) + "'");
    }
}
