package io.petrel.mqtt5pubsub;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A Paho MQTT 5 client (the asynchronous one, which exposes every property and reason code) whose calls
 * wait for the broker's answer, and which records the messages it receives.
 */
final class PahoClient implements MqttCallback {

    /** A message as Paho delivered it. */
    record Received(String topic, MqttMessage message) {

        String text() {
            return new String(message.getPayload(), StandardCharsets.UTF_8);
        }

        MqttProperties properties() {
            return message.getProperties();
        }
    }

    private static final long TIMEOUT_MILLIS = Mqtt5Clients.PATIENCE.toMillis();

    private final MqttAsyncClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    PahoClient(String uri, String clientId) throws MqttException {
        this.client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        client.setCallback(this);
    }

    /** Connects with clean start and no session expiry. */
    PahoClient connect() throws MqttException {
        return connect(new MqttConnectionOptions());
    }

    PahoClient connect(MqttConnectionOptions options) throws MqttException {
        client.connect(options).waitForCompletion(TIMEOUT_MILLIS);
        return this;
    }

    /** Subscribes and returns the SUBACK's reason codes. */
    int[] subscribe(MqttProperties properties, MqttSubscription... subscriptions) throws MqttException {
        IMqttToken token = client.subscribe(subscriptions, null, null, properties);
        token.waitForCompletion(TIMEOUT_MILLIS);
        return token.getReasonCodes();
    }

    int[] subscribe(MqttSubscription... subscriptions) throws MqttException {
        return subscribe(new MqttProperties(), subscriptions);
    }

    /** Unsubscribes and returns the UNSUBACK's reason codes. */
    int[] unsubscribe(String... filters) throws MqttException {
        IMqttToken token = client.unsubscribe(filters);
        token.waitForCompletion(TIMEOUT_MILLIS);
        return token.getReasonCodes();
    }

    /** Publishes and, for QoS 1 and 2, waits for the broker's acknowledgement; returns its token. */
    IMqttToken publish(String topic, MqttMessage message) throws MqttException {
        IMqttToken token = client.publish(topic, message);
        token.waitForCompletion(TIMEOUT_MILLIS);
        return token;
    }

    /** Publishes and returns at once, for a test that inspects how the acknowledgement completes the token. */
    IMqttToken publishWithoutWaiting(String topic, MqttMessage message) throws MqttException {
        return client.publish(topic, message);
    }

    boolean isConnected() {
        return client.isConnected();
    }

    void disconnect() throws MqttException {
        client.disconnect().waitForCompletion(TIMEOUT_MILLIS);
    }

    Received receive() throws InterruptedException {
        Received next = received.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (next == null) {
            throw new AssertionError("no message within " + Mqtt5Clients.PATIENCE);
        }
        return next;
    }

    /** Fails when a message arrives within {@link Mqtt5Clients#QUIET}. */
    void assertNothingReceived() throws InterruptedException {
        Received next = received.poll(Mqtt5Clients.QUIET.toMillis(), TimeUnit.MILLISECONDS);
        if (next != null) {
            throw new AssertionError("expected no message, got '" + next.text() + "' on " + next.topic());
        }
    }

    void close() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000, false);
            }
            client.close(true);
        } catch (MqttException e) {
            // already going away
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        received.add(new Received(topic, message));
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {}

    @Override
    public void mqttErrorOccurred(MqttException exception) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
}
