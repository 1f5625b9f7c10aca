package io.petrel.protocol;

import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
import static io.petrel.protocol.ClientPackets.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.petrel.auth.AnonymousAuthenticator;
import io.petrel.auth.AuthenticationResult;
import io.petrel.auth.Authenticator;
import io.petrel.auth.ConnectRequest;
import io.petrel.message.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The authenticator's part of CONNECT: its answer becomes the CONNACK, it fails closed, and when it runs on
 * another thread its outcome comes back to the channel's event loop with later packets kept in order.
 */
class AuthenticationTests {

    private final EmbeddedBroker broker = new EmbeddedBroker();

    @AfterEach
    void finishChannels() {
        broker.close();
    }

    @Test
    void anonymousClientIsRefusedWithNotAuthorizedWhenAnonymousAccessIsLimitedToLoopback() {
        // an EmbeddedChannel has no IP address, so it is never a loopback client
        broker.configure(settings -> settings.authenticator(new AnonymousAuthenticator(false)));
        EmbeddedMqttClient client = broker.newClient();

        client.send(connect("anonymous").build());

        assertRefused(client, CONNECTION_REFUSED_NOT_AUTHORIZED);
    }

    @Test
    void authenticatorSeesTheCredentialsAndItsRefusalBecomesTheConnackReturnCode() {
        AtomicReference<ConnectRequest> seen = new AtomicReference<>();
        broker.configure(settings -> settings.authenticator(request -> {
            seen.set(request);
            return AuthenticationResult.refuse(ReasonCode.BAD_USER_NAME_OR_PASSWORD, "wrong password");
        }));
        EmbeddedMqttClient client = broker.newClient();

        client.send(connect("device-7").username("alice").password("secret".getBytes(StandardCharsets.UTF_8)).build());

        assertRefused(client, CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
        assertThat(seen.get().clientId()).isEqualTo("device-7");
        assertThat(seen.get().username()).isEqualTo("alice");
        assertThat(seen.get().password()).asString(StandardCharsets.UTF_8).isEqualTo("secret");
        assertThat(seen.get().protocolVersion()).isEqualTo(4);
    }

    @Test
    void authenticatorThatThrowsRefusesTheClientWithNotAuthorized() {
        broker.configure(settings -> settings.authenticator(request -> {
            throw new IllegalStateException("user directory unavailable");
        }));
        EmbeddedMqttClient client = broker.newClient();

        client.send(connect("unlucky").build());

        assertRefused(client, CONNECTION_REFUSED_NOT_AUTHORIZED);
    }

    @Test
    void fullAuthenticationQueueRefusesTheClientWithServerUnavailable() {
        broker.configure(settings -> settings.authenticator(request -> AuthenticationResult.accept()).authExecutor(task -> {
            throw new RejectedExecutionException("mqtt-auth queue full");
        }));
        EmbeddedMqttClient client = broker.newClient();

        client.send(connect("crowded").build());

        assertRefused(client, CONNECTION_REFUSED_SERVER_UNAVAILABLE);
    }

    @Test
    void anAuthenticatorThatAnswersAtOnceIsCalledOnTheEventLoopWithoutTheAuthExecutor() {
        AtomicReference<String> calledOn = new AtomicReference<>();
        broker.configure(settings -> settings
                .authenticator(new Authenticator() {
                    @Override
                    public AuthenticationResult authenticate(ConnectRequest request) {
                        calledOn.set(Thread.currentThread().getName());
                        return AuthenticationResult.accept();
                    }

                    @Override
                    public boolean answersAtOnce(ConnectRequest request) {
                        return request.password() == null;
                    }
                })
                .authExecutor(task -> {
                    throw new RejectedExecutionException("mqtt-auth must not be used");
                }));
        EmbeddedMqttClient anonymous = broker.newClient();
        EmbeddedMqttClient withPassword = broker.newClient();

        anonymous.send(connect("from-memory").build());
        withPassword.send(connect("needs-a-lookup").username("u").password("p".getBytes(StandardCharsets.UTF_8)).build());

        assertThat(anonymous.receiveAll()).singleElement().isInstanceOfSatisfying(MqttConnAckMessage.class,
                connAck -> assertThat(connAck.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED));
        assertThat(calledOn).as("called in send(), on the test thread that runs the EmbeddedChannel")
                .hasValue(Thread.currentThread().getName());
        assertRefused(withPassword, CONNECTION_REFUSED_SERVER_UNAVAILABLE); // went to the (full) executor
    }

    @Test
    void anAuthenticatorAnsweringAtOnceThatThrowsRefusesTheClientWithNotAuthorized() {
        broker.configure(settings -> settings.authenticator(new Authenticator() {
            @Override
            public AuthenticationResult authenticate(ConnectRequest request) {
                throw new IllegalStateException("broken");
            }

            @Override
            public boolean answersAtOnce(ConnectRequest request) {
                return true;
            }
        }));
        EmbeddedMqttClient client = broker.newClient();

        client.send(connect("unlucky").build());

        assertRefused(client, CONNECTION_REFUSED_NOT_AUTHORIZED);
    }

    @Test
    void authenticationOnTheAuthExecutorAnswersOnTheEventLoopWithPacketsKeptInOrder() {
        ExecutorService authThreads = Executors.newSingleThreadExecutor();
        CountDownLatch decide = new CountDownLatch(1);
        AtomicInteger authenticationsDone = new AtomicInteger();
        try {
            broker.configure(settings -> settings
                    .authenticator(request -> {
                        awaitQuietly(decide);
                        return AuthenticationResult.accept();
                    })
                    .authExecutor(task -> authThreads.execute(() -> {
                        task.run(); // completes the stage, which posts the outcome to the channel's event loop
                        authenticationsDone.incrementAndGet();
                    })));
            EmbeddedMqttClient client = broker.newClient();

            client.send(connect("slow-auth").build());
            client.send(MqttMessage.PINGREQ); // arrives while the authenticator still decides
            assertThat(client.receiveAll()).as("answers before the authenticator decided").isEmpty();
            decide.countDown();
            // the event loop's task queue is not thread-safe: touch it only once the auth thread is done with it
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(authenticationsDone).hasValue(1));

            assertThat(client.receiveAll()).extracting(ClientPackets::type)
                    .containsExactly(MqttMessageType.CONNACK, MqttMessageType.PINGRESP);
        } finally {
            authThreads.shutdownNow();
        }
    }

    private static void assertRefused(EmbeddedMqttClient client, MqttConnectReturnCode returnCode) {
        assertThat(client.receiveAll()).singleElement().isInstanceOfSatisfying(MqttConnAckMessage.class,
                connAck -> assertThat(connAck.variableHeader().connectReturnCode()).isEqualTo(returnCode));
        assertThat(client.isOpen()).as("connection open after the refusal").isFalse();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
