package io.petrel.test.client;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
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
 * wait up to {@link TestClients#PATIENCE} for the broker's answer, and which records the messages it
 * receives and the DISCONNECT the broker sends. Made by {@link TestClients#paho5}.
 */
public final class Paho5Client implements MqttCallback {

    /** A message as Paho delivered it. */
    public record Received(String topic, MqttMessage message) {

        public String text() {
            return new String(message.getPayload(), StandardCharsets.UTF_8);
        }

        public MqttProperties properties() {
            return message.getProperties();
        }
    }

    private static final long TIMEOUT_MILLIS = TestClients.PATIENCE.toMillis();

    private final MqttAsyncClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<MqttDisconnectResponse> disconnects = new LinkedBlockingQueue<>();

    Paho5Client(String uri, String clientId) throws MqttException {
        this.client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        client.setCallback(this);
    }

    /** Connects with clean start and no session expiry. */
    public Paho5Client connect() throws MqttException {
        return connect(new MqttConnectionOptions());
    }

    public Paho5Client connect(MqttConnectionOptions options) throws MqttException {
        connectWithResult(options);
        return this;
    }

    /** Connects and returns the token, which holds what the CONNACK said. */
    public IMqttToken connectWithResult(MqttConnectionOptions options) throws MqttException {
        IMqttToken token = client.connect(options);
        token.waitForCompletion(TIMEOUT_MILLIS);
        return token;
    }

    /** Subscribes and returns the SUBACK's reason codes. */
    public int[] subscribe(MqttProperties properties, MqttSubscription... subscriptions) throws MqttException {
        IMqttToken token = client.subscribe(subscriptions, null, null, properties);
        token.waitForCompletion(TIMEOUT_MILLIS);
        return token.getReasonCodes();
    }

    public int[] subscribe(MqttSubscription... subscriptions) throws MqttException {
        return subscribe(new MqttProperties(), subscriptions);
    }

    /** Unsubscribes and returns the UNSUBACK's reason codes. */
    public int[] unsubscribe(String... filters) throws MqttException {
        IMqttToken token = client.unsubscribe(filters);
        token.waitForCompletion(TIMEOUT_MILLIS);
        return token.getReasonCodes();
    }

    /** Publishes and, for QoS 1 and 2, waits for the broker's acknowledgement; returns its token. */
    public IMqttToken publish(String topic, MqttMessage message) throws MqttException {
        IMqttToken token = client.publish(topic, message);
        token.waitForCompletion(TIMEOUT_MILLIS);
        return token;
    }

    /** Publishes and returns at once, for a test that inspects how the acknowledgement completes the token. */
    public IMqttToken publishWithoutWaiting(String topic, MqttMessage message) throws MqttException {
        return client.publish(topic, message);
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    public void disconnect() throws MqttException {
        client.disconnect().waitForCompletion(TIMEOUT_MILLIS);
    }

    /** Closes the connection without sending DISCONNECT, as a client that vanished. */
    public void disconnectForcibly() throws MqttException {
        client.disconnectForcibly(0, 1000, false);
    }

    /** The next message, waiting up to {@link TestClients#PATIENCE}. */
    public Received receive() throws InterruptedException {
        return Inbox.next(this::poll);
    }

    /** Fails when a message arrives within {@link TestClients#QUIET}. */
    public void assertNothingReceived() throws InterruptedException {
        Inbox.assertNone(this::poll, next -> "'" + next.text() + "' on " + next.topic());
    }

    private Optional<Received> poll(long timeout, TimeUnit unit) throws InterruptedException {
        return Optional.ofNullable(received.poll(timeout, unit));
    }

    /** The DISCONNECT the broker sent, waiting up to {@link TestClients#PATIENCE}. */
    public MqttDisconnectResponse disconnected() throws InterruptedException {
        MqttDisconnectResponse response = disconnects.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (response == null) {
            throw new AssertionError("not disconnected within " + TestClients.PATIENCE);
        }
        return response;
    }

    /** Disconnects without DISCONNECT if still connected and frees the client; never fails. */
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
    public void disconnected(MqttDisconnectResponse response) {
        disconnects.add(response);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        // surfaces as a disconnect or a failed token
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
}
