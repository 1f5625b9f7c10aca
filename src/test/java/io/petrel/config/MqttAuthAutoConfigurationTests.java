package io.petrel.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.auth.AnonymousAuthenticator;
import io.petrel.auth.AuthenticationResult;
import io.petrel.auth.Authenticator;
import io.petrel.auth.AuthorizationResult;
import io.petrel.auth.Authorizer;
import io.petrel.auth.ClientInfo;
import io.petrel.auth.ClientLimits;
import io.petrel.auth.ConnectRequest;
import io.petrel.auth.DefaultAuthorizer;
import io.petrel.auth.builtin.BuiltInAuthenticator;
import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import io.petrel.routing.TopicFilter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auth defaults from mqtt.auth.*, their back-off, and start-up failures on bad configuration. */
class MqttAuthAutoConfigurationTests {

    /** mosquitto_passwd's $7$ hash of "alice-secret". */
    private static final String ALICE_HASH = "$7$101$dlfUNhEeervyHiHV$ShopR//ZTXG7YhuS9AwdEJ5PWIT34kweezQfzXDVi+D3Cwyy"
            + "Wkb9Nh7ObDp3DF1pCsPWnO988VPbXRwm0PFTEw==";
    /** mosquitto_passwd's $6$ hash of "bob-secret". */
    private static final String BOB_HASH = "$6$8VIslDxlPCoVVuaH$x9qIA6sXSXcNCVh9pO2TQS+VYDl9neWUa9adg6IMtVY3EAoNmee"
            + "Sf013trTVgBdSnVqEVF52Y2yK6LVQLYGxGA==";

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttAuthAutoConfiguration.class));

    @TempDir
    Path folder;

    @Test
    void withoutUsersTheDefaultsAreAnonymousAndAllowing() {
        contextRunner.run(context -> {
            assertThat(context).getBean(Authenticator.class).isInstanceOf(AnonymousAuthenticator.class);
            assertThat(context).getBean(Authorizer.class).isInstanceOf(DefaultAuthorizer.class);
            assertThat(subscribe(context, client("c", null, Set.of()), "#")).isTrue();
        });
    }

    @Test
    void configuredUsersAreCheckedAndCarryTheirRoles() {
        contextRunner.withPropertyValues("mqtt.auth.users.alice.password=" + ALICE_HASH,
                "mqtt.auth.users.alice.roles=operators,auditors").run(context -> {
                    Authenticator authenticator = context.getBean(Authenticator.class);
                    assertThat(authenticator).isInstanceOf(BuiltInAuthenticator.class);
                    AuthenticationResult accepted = authenticator.authenticate(request("alice", "alice-secret"));
                    assertThat(accepted.accepted()).isTrue();
                    assertThat(accepted.roles()).containsExactlyInAnyOrder("operators", "auditors");
                    assertThat(authenticator.authenticate(request("alice", "wrong")).reasonCode())
                            .isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
                    assertThat(authenticator.authenticate(request("mallory", "alice-secret")).reasonCode())
                            .isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
                });
    }

    @Test
    void passwordFileUsersComeAfterConfiguredOnes() throws IOException {
        Path passwords = Files.writeString(folder.resolve("passwd"), "bob:" + BOB_HASH + ":robots\n");
        contextRunner.withPropertyValues("mqtt.auth.password-file=" + passwords,
                "mqtt.auth.users.alice.password=" + ALICE_HASH).run(context -> {
                    Authenticator authenticator = context.getBean(Authenticator.class);
                    assertThat(authenticator.authenticate(request("bob", "bob-secret")).roles()).containsExactly("robots");
                    assertThat(authenticator.authenticate(request("alice", "alice-secret")).accepted()).isTrue();
                });
    }

    @Test
    void aclRulesBindWithEverySubject() throws IOException {
        Path aclFile = Files.writeString(folder.resolve("acl"), "pattern read files/%u/#\n");
        contextRunner.withPropertyValues(
                "mqtt.auth.acl[0].permission=deny", "mqtt.auth.acl[0].action=subscribe",
                "mqtt.auth.acl[0].topic=test/nosubscribe",
                "mqtt.auth.acl[1].permission=allow", "mqtt.auth.acl[1].topic=devices/%c/#",
                "mqtt.auth.acl[1].clientid=dev1",
                "mqtt.auth.acl[2].action=publish", "mqtt.auth.acl[2].topic=ops/#", "mqtt.auth.acl[2].role=operators",
                "mqtt.auth.acl[3].topic=test/#", "mqtt.auth.acl[3].username=tester", "mqtt.auth.acl[3].qos=1",
                "mqtt.auth.acl-file=" + aclFile).run(context -> {
                    assertThat(subscribe(context, client("x", "tester", Set.of()), "test/nosubscribe")).isFalse();
                    assertThat(subscribe(context, client("x", "tester", Set.of()), "test/other")).isTrue();
                    assertThat(publish(context, client("dev1", null, Set.of()), "devices/dev1/up")).isTrue();
                    assertThat(publish(context, client("dev2", null, Set.of()), "devices/dev2/up")).isFalse();
                    assertThat(publish(context, client("x", null, Set.of("operators")), "ops/restart")).isTrue();
                    assertThat(publish(context, client("x", null, Set.of()), "ops/restart")).isFalse();
                    assertThat(subscribe(context, client("x", "carol", Set.of()), "files/carol/+")).isTrue();
                    assertThat(subscribe(context, client("x", "carol", Set.of()), "files/dave/+")).isFalse();
                    AuthorizationResult capped = context.getBean(Authorizer.class)
                            .authorizeSubscribe(client("x", "tester", Set.of()), filter("test/a"), Qos.EXACTLY_ONCE)
                            .toCompletableFuture().join();
                    assertThat(capped.grantedQos()).isEqualTo(Qos.AT_LEAST_ONCE);
                });
    }

    @Test
    void defaultsBackOffForTheUsersOwnBeans() {
        Authenticator authenticator = request -> AuthenticationResult.accept();
        Authorizer authorizer = new DefaultAuthorizer();
        contextRunner.withPropertyValues("mqtt.auth.users.alice.password=" + ALICE_HASH)
                .withBean(Authenticator.class, () -> authenticator).withBean(Authorizer.class, () -> authorizer)
                .run(context -> {
                    assertThat(context).getBean(Authenticator.class).isSameAs(authenticator);
                    assertThat(context).getBean(Authorizer.class).isSameAs(authorizer);
                });
    }

    @Test
    void badConfigurationFailsStartUp() {
        contextRunner.withPropertyValues("mqtt.auth.users.alice.password=plain-text").run(context ->
                assertThat(context).hasFailed().getFailure().hasRootCauseMessage(
                        "the password of user 'alice' is not a supported hash (bcrypt $2a$/$2b$/$2y$, PBKDF2-SHA512 "
                                + "$7$ or salted SHA-512 $6$); make one with: java -jar petrel.jar passwd"));
        contextRunner.withPropertyValues("mqtt.auth.acl[0].topic=a/#/b").run(context ->
                assertThat(context).hasFailed());
        contextRunner.withPropertyValues("mqtt.auth.jwt.secret=too-short").run(context ->
                assertThat(context).hasFailed().getFailure().hasStackTraceContaining("at least 32 bytes"));
        contextRunner.withPropertyValues("mqtt.auth.password-file=" + folder.resolve("missing")).run(context ->
                assertThat(context).hasFailed().getFailure().hasStackTraceContaining("password file"));
    }

    private static boolean publish(AssertableApplicationContext context, ClientInfo client, String topic) {
        return context.getBean(Authorizer.class).authorizePublish(client, topic, Qos.AT_MOST_ONCE, false)
                .toCompletableFuture().join().allowed();
    }

    private static boolean subscribe(AssertableApplicationContext context, ClientInfo client, String filter) {
        CompletableFuture<AuthorizationResult> result = context.getBean(Authorizer.class)
                .authorizeSubscribe(client, filter(filter), Qos.AT_MOST_ONCE).toCompletableFuture();
        return result.join().allowed();
    }

    private static TopicFilter filter(String text) {
        return TopicFilter.parse(text).orElseThrow();
    }

    private static ClientInfo client(String clientId, String username, Set<String> roles) {
        return new ClientInfo(clientId, username, new InetSocketAddress("127.0.0.1", 1), 5, "tcp", roles, null,
                ClientLimits.NONE);
    }

    private static ConnectRequest request(String username, String password) {
        return new ConnectRequest("c", username, password.getBytes(StandardCharsets.UTF_8),
                new InetSocketAddress("192.0.2.1", 1), 4, "tcp");
    }
}
