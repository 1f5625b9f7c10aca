package io.petrel.auth;

import static io.petrel.auth.TopicPatternTests.filter;
import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.auth.AclRule.Access;
import io.petrel.auth.AclRule.Action;
import io.petrel.message.Qos;
import io.petrel.message.ReasonCode;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** First match wins, no match denies, deny rules refuse overlapping subscriptions, QoS caps, subjects. */
class PermissionsTests {

    private static final ClientInfo ALICE = new ClientInfo("a1", "alice", new InetSocketAddress("127.0.0.1", 1), 5,
            "tcp", Set.of("operators"), null, ClientLimits.NONE);
    private static final ClientInfo ANONYMOUS = TopicPatternTests.client("anon", null);

    @Test
    void firstMatchingRuleDecidesAndNoMatchDenies() {
        Permissions permissions = Permissions.of(List.of(
                AclRule.of(Access.DENY, Action.PUBLISH, "sensors/locked"),
                AclRule.of(Access.ALLOW, Action.PUBLISH, "sensors/#")));

        assertThat(permissions.authorizePublish(ALICE, "sensors/a", Qos.AT_LEAST_ONCE).allowed()).isTrue();
        assertThat(permissions.authorizePublish(ALICE, "sensors/locked", Qos.AT_MOST_ONCE).allowed()).isFalse();
        AuthorizationResult elsewhere = permissions.authorizePublish(ALICE, "other", Qos.AT_MOST_ONCE);
        assertThat(elsewhere.allowed()).isFalse();
        assertThat(elsewhere.reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
        assertThat(permissions.authorizeSubscribe(ALICE, filter("sensors/#"), Qos.AT_MOST_ONCE).allowed())
                .as("publish rules say nothing about subscriptions").isFalse();
    }

    @Test
    void aDenyRuleRefusesEverySubscriptionThatCouldReceiveItsTopics() {
        Permissions permissions = Permissions.of(List.of(
                AclRule.of(Access.DENY, Action.SUBSCRIBE, "secret/#"),
                AclRule.of(Access.ALLOW, Action.ALL, "#")));

        assertThat(permissions.authorizeSubscribe(ALICE, filter("#"), Qos.AT_MOST_ONCE).allowed()).isFalse();
        assertThat(permissions.authorizeSubscribe(ALICE, filter("+/x"), Qos.AT_MOST_ONCE).allowed()).isFalse();
        assertThat(permissions.authorizeSubscribe(ALICE, filter("public/#"), Qos.AT_MOST_ONCE).allowed()).isTrue();
    }

    @Test
    void anAllowRuleWithMaxQosGrantsLessAndRefusesHigherPublishes() {
        Permissions permissions = Permissions.of(List.of(new AclRule(Access.ALLOW, Action.ALL,
                TopicPattern.parse("telemetry/#"), null, null, null, Qos.AT_LEAST_ONCE, false)));

        AuthorizationResult subscribe = permissions.authorizeSubscribe(ALICE, filter("telemetry/+"), Qos.EXACTLY_ONCE);
        assertThat(subscribe.allowed()).isTrue();
        assertThat(subscribe.grantedQos()).isEqualTo(Qos.AT_LEAST_ONCE);
        assertThat(permissions.authorizePublish(ALICE, "telemetry/a", Qos.AT_LEAST_ONCE).allowed()).isTrue();
        assertThat(permissions.authorizePublish(ALICE, "telemetry/a", Qos.EXACTLY_ONCE).allowed()).isFalse();
    }

    @Test
    void rulesApplyToTheClientsTheyName() {
        Permissions permissions = Permissions.of(List.of(
                new AclRule(Access.ALLOW, Action.ALL, TopicPattern.parse("ops/#"), null, null, "operators", null, false),
                new AclRule(Access.ALLOW, Action.ALL, TopicPattern.parse("bob/#"), "bob", null, null, null, false),
                new AclRule(Access.ALLOW, Action.ALL, TopicPattern.parse("a1/#"), null, "a1", null, null, false),
                new AclRule(Access.ALLOW, Action.ALL, TopicPattern.parse("public/#"), null, null, null, null, true)));

        assertThat(permissions.authorizePublish(ALICE, "ops/x", Qos.AT_MOST_ONCE).allowed()).isTrue();
        assertThat(permissions.authorizePublish(ALICE, "bob/x", Qos.AT_MOST_ONCE).allowed()).isFalse();
        assertThat(permissions.authorizePublish(ALICE, "a1/x", Qos.AT_MOST_ONCE).allowed()).isTrue();
        assertThat(permissions.authorizePublish(ALICE, "public/x", Qos.AT_MOST_ONCE).allowed()).isFalse();
        assertThat(permissions.authorizePublish(ANONYMOUS, "public/x", Qos.AT_MOST_ONCE).allowed()).isTrue();
        assertThat(permissions.authorizePublish(ANONYMOUS, "ops/x", Qos.AT_MOST_ONCE).allowed()).isFalse();
    }

    @Test
    void defaultAuthorizerPrefersTheClientsOwnPermissionsAndNeverLetsAnyonePublishToSys() {
        Permissions configured = Permissions.of(List.of(AclRule.of(Access.ALLOW, Action.ALL, "#")));
        Permissions own = Permissions.of(List.of(AclRule.of(Access.ALLOW, Action.ALL, "mine/#")));
        ClientInfo restricted = new ClientInfo("r", "r", new InetSocketAddress("127.0.0.1", 1), 5, "tcp", Set.of(),
                own, ClientLimits.NONE);
        DefaultAuthorizer authorizer = new DefaultAuthorizer(() -> configured);

        assertThat(allowed(authorizer.authorizePublish(ALICE, "any/topic", Qos.AT_MOST_ONCE, false))).isTrue();
        assertThat(allowed(authorizer.authorizePublish(restricted, "any/topic", Qos.AT_MOST_ONCE, false))).isFalse();
        assertThat(allowed(authorizer.authorizePublish(restricted, "mine/x", Qos.AT_MOST_ONCE, false))).isTrue();
        assertThat(allowed(authorizer.authorizePublish(ALICE, "$SYS/broker/uptime", Qos.AT_MOST_ONCE, false))).isFalse();
        assertThat(allowed(new DefaultAuthorizer().authorizePublish(ALICE, "$SYS", Qos.AT_MOST_ONCE, false))).isFalse();
        assertThat(allowed(new DefaultAuthorizer().authorizeSubscribe(ALICE, filter("#"), Qos.AT_MOST_ONCE))).isTrue();
    }

    private static boolean allowed(CompletionStage<AuthorizationResult> stage) {
        return stage.toCompletableFuture().join().allowed();
    }
}
