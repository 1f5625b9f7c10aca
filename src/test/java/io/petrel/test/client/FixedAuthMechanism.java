package io.petrel.test.client;

import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientConfig;
import com.hivemq.client.mqtt.mqtt5.auth.Mqtt5EnhancedAuthMechanism;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5Auth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5AuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5EnhancedAuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import java.util.concurrent.CompletableFuture;

/**
 * A HiveMQ client enhanced-authentication mechanism that only puts an authentication method and data in
 * CONNECT: one step, no AUTH exchange. For {@link TestClients#hivemq5Builder}; {@link ScramMechanism} does an exchange.
 */
public final class FixedAuthMechanism implements Mqtt5EnhancedAuthMechanism {

    private final String method;
    private final byte[] data;

    public FixedAuthMechanism(String method, byte[] data) {
        this.method = method;
        this.data = data.clone();
    }

    @Override
    public MqttUtf8String getMethod() {
        return MqttUtf8String.of(method);
    }

    @Override
    public int getTimeout() {
        return 10;
    }

    @Override
    public CompletableFuture<Void> onAuth(Mqtt5ClientConfig config, Mqtt5Connect connect,
            Mqtt5EnhancedAuthBuilder auth) {
        auth.data(data);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> onReAuth(Mqtt5ClientConfig config, Mqtt5AuthBuilder auth) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("no re-authentication"));
    }

    @Override
    public CompletableFuture<Boolean> onContinue(Mqtt5ClientConfig config, Mqtt5Auth auth, Mqtt5AuthBuilder next) {
        return CompletableFuture.completedFuture(false);
    }

    @Override
    public CompletableFuture<Boolean> onAuthSuccess(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletableFuture<Boolean> onReAuthSuccess(Mqtt5ClientConfig config, Mqtt5Auth auth) {
        return CompletableFuture.completedFuture(false);
    }

    @Override
    public void onAuthRejected(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
        // the test looks at the CONNACK the connect call fails with
    }

    @Override
    public void onReAuthRejected(Mqtt5ClientConfig config, Mqtt5Disconnect disconnect) {
        // no re-authentication
    }

    @Override
    public void onAuthError(Mqtt5ClientConfig config, Throwable cause) {
        // the connect call fails with it
    }

    @Override
    public void onReAuthError(Mqtt5ClientConfig config, Throwable cause) {
        // no re-authentication
    }
}
