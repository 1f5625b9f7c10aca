package io.petrel.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.auth.AuthenticationStep;
import io.petrel.auth.EnhancedAuthenticator;
import io.petrel.auth.scram.ScramCredential;
import io.petrel.auth.scram.ScramCredentials;
import io.petrel.auth.scram.ScramSha256Authenticator;
import io.petrel.message.ReasonCode;
import io.petrel.protocol.Broker;
import java.security.SecureRandom;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class MqttEnhancedAuthAutoConfigurationTests {

    private static final String BOB = "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"
            + "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=";

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttEnhancedAuthAutoConfiguration.class));

    @Test
    void scramIsOffWithoutUsers() {
        contextRunner.run(context -> assertThat(context).doesNotHaveBean(ScramSha256Authenticator.class)
                .doesNotHaveBean(ScramCredentials.class));
    }

    @Test
    void configuredUsersTurnScramOnWithTheirCredentials() {
        contextRunner.withPropertyValues("mqtt.auth.scram.users.alice.password=wonderland",
                "mqtt.auth.scram.users.bob.credential=" + BOB).run(context -> {
                    assertThat(context).hasSingleBean(ScramSha256Authenticator.class);
                    ScramCredentials credentials = context.getBean(ScramCredentials.class);
                    assertThat(credentials.find("bob")).hasToString(BOB);
                    assertThat(credentials.find("alice").iterations()).isEqualTo(4096);
                    assertThat(credentials.find("alice").toString()).doesNotContain("wonderland");
                    assertThat(credentials.find("mallory")).isNull();
                });
    }

    @Test
    void userCredentialsBeanTurnsScramOnAndReplacesConfiguredUsers() {
        ScramCredential pencil = ScramCredential.parse(BOB);
        ScramCredentials custom = username -> username.equals("carol") ? pencil : null;
        contextRunner.withBean(ScramCredentials.class, () -> custom)
                .withPropertyValues("mqtt.auth.scram.users.alice.password=wonderland")
                .run(context -> {
                    assertThat(context).hasSingleBean(ScramSha256Authenticator.class);
                    assertThat(context).getBean(ScramCredentials.class).isSameAs(custom);
                });
    }

    @Test
    void autoConfigurationBacksOffWhenUserProvidesScramAuthenticator() {
        ScramSha256Authenticator custom = new ScramSha256Authenticator(username -> null);
        contextRunner.withBean(ScramSha256Authenticator.class, () -> custom)
                .withPropertyValues("mqtt.auth.scram.users.alice.password=wonderland")
                .run(context -> assertThat(context).getBean(ScramSha256Authenticator.class).isSameAs(custom));
    }

    @Test
    void userWithBothPasswordAndCredentialFailsStartup() {
        contextRunner.withPropertyValues("mqtt.auth.scram.users.alice.password=wonderland",
                "mqtt.auth.scram.users.alice.credential=" + BOB)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("mqtt.auth.scram.users.alice needs exactly one"));
    }

    @Test
    void iterationsBelow4096FailStartup() {
        contextRunner.withPropertyValues("mqtt.auth.scram.users.alice.password=wonderland",
                "mqtt.auth.scram.iterations=1000")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("below 4096"));
    }

    @Test
    void malformedStoredCredentialFailsStartupWithoutEchoingIt() {
        contextRunner.withPropertyValues("mqtt.auth.scram.users.bob.credential=md5secretsecret")
                .run(context -> {
                    assertThat(context).hasFailed().getFailure().hasStackTraceContaining("mqtt.auth.scram.users.bob")
                            .rootCause().hasMessageContaining("not a SCRAM-SHA-256").hasMessageNotContaining("secret");
                });
    }

    @Test
    void brokerFindsEveryEnhancedAuthenticatorByMethodAndRefusesTwoForOneMethod() {
        ApplicationContextRunner server = contextRunner
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MqttAuthAutoConfiguration.class,
                        MqttStorageAutoConfiguration.class, MqttServerAutoConfiguration.class))
                .withPropertyValues("mqtt.listeners.tcp.host=127.0.0.1", "mqtt.listeners.tcp.port=0",
                        "mqtt.listeners.ws.enabled=false", "mqtt.auth.scram.users.alice.password=wonderland")
                .withBean("tokens", EnhancedAuthenticator.class, () -> authenticatorFor("petrel-token"));

        server.run(context -> {
            Broker broker = context.getBean(Broker.class);
            assertThat(broker.enhancedAuthenticators().forMethod("SCRAM-SHA-256"))
                    .isSameAs(context.getBean(ScramSha256Authenticator.class));
            assertThat(broker.enhancedAuthenticators().forMethod("petrel-token"))
                    .isSameAs(context.getBean("tokens"));
        });
        server.withBean("scram2", EnhancedAuthenticator.class, () -> authenticatorFor("SCRAM-SHA-256"))
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("authentication method SCRAM-SHA-256 is claimed by both"));
    }

    private static EnhancedAuthenticator authenticatorFor(String method) {
        return new EnhancedAuthenticator() {
            @Override
            public Set<String> methods() {
                return Set.of(method);
            }

            @Override
            public io.petrel.auth.AuthenticationExchange start(io.petrel.auth.ConnectRequest request,
                    boolean reauthentication) {
                return data -> AuthenticationStep.failure(ReasonCode.NOT_AUTHORIZED, null);
            }
        };
    }
}
