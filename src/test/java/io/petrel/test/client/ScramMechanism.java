package io.petrel.test.client;

import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientConfig;
import com.hivemq.client.mqtt.mqtt5.auth.Mqtt5EnhancedAuthMechanism;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5Auth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5AuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5EnhancedAuth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5EnhancedAuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * SCRAM-SHA-256 as a HiveMQ client enhanced-authentication mechanism, at CONNECT and on {@code reauth()}, with
 * a fresh {@link ScramClient} per exchange. It accepts the broker's success only with a valid server signature,
 * and counts the signatures it verified; {@link #usePassword} changes the password for the next exchange.
 */
public final class ScramMechanism implements Mqtt5EnhancedAuthMechanism {

    private final String username;
    private final AtomicReference<String> password;
    private final AtomicReference<ScramClient> exchange = new AtomicReference<>();
    private final AtomicInteger verifiedServers = new AtomicInteger();
    private final AtomicReference<Mqtt5Disconnect> reauthRejection = new AtomicReference<>();

    public ScramMechanism(String username, String password) {
        this.username = username;
        this.password = new AtomicReference<>(password);
    }

    public void usePassword(String next) {
        password.set(next);
    }

    /** How many times the broker proved it knows the credential (CONNACK and AUTH success). */
    public int verifiedServers() {
        return verifiedServers.get();
    }

    /** The DISCONNECT that ended a failed re-authentication, if one did. */
    public Optional<Mqtt5Disconnect> reauthRejection() {
        return Optional.ofNullable(reauthRejection.get());
    }

    @Override
    public MqttUtf8String getMethod() {
        return MqttUtf8String.of("SCRAM-SHA-256");
    }

    @Override
    public int getTimeout() {
        return 10;
    }

    private byte[] start() {
        String nonce = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
        ScramClient client = new ScramClient(username, password.get(), nonce);
        exchange.set(client);
        return client.clientFirst();
    }

    @Override
    public CompletableFuture<Void> onAuth(Mqtt5ClientConfig config, Mqtt5Connect connect,
            Mqtt5EnhancedAuthBuilder auth) {
        auth.data(start());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> onReAuth(Mqtt5ClientConfig config, Mqtt5AuthBuilder auth) {
        auth.data(start());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Boolean> onContinue(Mqtt5ClientConfig config, Mqtt5Auth auth, Mqtt5AuthBuilder next) {
        next.data(exchange.get().clientFinal(bytes(auth)));
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletableFuture<Boolean> onAuthSuccess(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
        return CompletableFuture.completedFuture(verify(connAck.getEnhancedAuth().map(ScramMechanism::bytes)));
    }

    @Override
    public CompletableFuture<Boolean> onReAuthSuccess(Mqtt5ClientConfig config, Mqtt5Auth auth) {
        return CompletableFuture.completedFuture(verify(Optional.of(bytes(auth))));
    }

    private boolean verify(Optional<byte[]> serverFinal) {
        boolean verified = serverFinal.map(exchange.get()::verifyServerFinal).orElse(false);
        if (verified) {
            verifiedServers.incrementAndGet();
        }
        return verified;
    }

    @Override
    public void onAuthRejected(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
        // the connect call fails with the CONNACK
    }

    @Override
    public void onReAuthRejected(Mqtt5ClientConfig config, Mqtt5Disconnect disconnect) {
        reauthRejection.set(disconnect);
    }

    @Override
    public void onAuthError(Mqtt5ClientConfig config, Throwable cause) {
        // the connect call fails with it
    }

    @Override
    public void onReAuthError(Mqtt5ClientConfig config, Throwable cause) {
        // the reauth call fails with it
    }

    private static byte[] bytes(Mqtt5EnhancedAuth auth) {
        ByteBuffer data = auth.getData().orElseThrow(() -> new IllegalStateException("no authentication data"));
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return bytes;
    }
}
