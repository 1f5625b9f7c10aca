package io.petrel.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.petrel.routing.TopicFilter;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** ACL patterns against topics and subscription filters, and the placeholders %c and %u. */
class TopicPatternTests {

    private static final ClientInfo CLIENT = client("dev1", "alice");

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({
        "#, a, true",
        "#, a/b/c, true",
        "#, #, true",
        "#, +/+, true",
        "#, $SYS/#, false",
        "#, $SYS/broker, false",
        "$SYS/#, $SYS/broker/+, true",
        "a/#, a, true",
        "a/#, a/#, true",
        "a/#, a/+/c, true",
        "a/#, b/#, false",
        "a/#, #, false",
        "a/+, a/b, true",
        "a/+, a/+, true",
        "a/+, a/#, false",
        "a/+, a/b/c, false",
        "a/+, a, false",
        "a/b, a/+, false",
        "a/b, a/b, true",
        "a/b, a/#, false",
        "+/b, x/b, true",
        "+/b, +/b, true",
        "+/b, #, false",
        "+/+, a/#, false",
        "+, $SYS, false",
    })
    void coversSubscriptionFilters(String pattern, String filter, boolean covered) {
        assertThat(TopicPattern.parse(pattern).covers(CLIENT, filter(filter))).isEqualTo(covered);
    }

    @ParameterizedTest(name = "{0} overlaps {1}: {2}")
    @CsvSource({
        "secret/#, #, true",
        "secret/#, +/x, true",
        "secret/#, secret, true",
        "secret/#, public/#, false",
        "secret/x, +/+, true",
        "secret/x, +, false",
        "secret/x, secret/x/y, false",
        "a/+/c, a/b/#, true",
        "a, a/#, true",
        "a/b, a/#, true",
        "#, $SYS/#, false",
        "$SYS/#, #, false",
        "$SYS/x, $SYS/+, true",
    })
    void overlapsSubscriptionFilters(String pattern, String filter, boolean overlapping) {
        assertThat(TopicPattern.parse(pattern).overlaps(CLIENT, filter(filter))).isEqualTo(overlapping);
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "#, a/b, true",
        "#, $SYS/x, false",
        "a/+/c, a/b/c, true",
        "a/+/c, a/b/d, false",
        "a/#, a, true",
        "devices/%c/#, devices/dev1/status, true",
        "devices/%c/#, devices/dev2/status, false",
        "users/%u/inbox, users/alice/inbox, true",
        "users/%u-%c, users/alice-dev1, true",
    })
    void matchesTopics(String pattern, String topic, boolean matching) {
        assertThat(TopicPattern.parse(pattern).matchesTopic(CLIENT, topic)).isEqualTo(matching);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/#", "+", "#", "a/b", "x+y"})
    void clientIdsWithWildcardsOrSlashesAreNeverSubstituted(String clientId) {
        TopicPattern pattern = TopicPattern.parse("devices/%c/#");
        ClientInfo sneaky = client(clientId, "alice");

        assertThat(pattern.matchesTopic(sneaky, "devices/" + clientId + "/x")).isFalse();
        assertThat(pattern.matchesTopic(sneaky, "devices/a/b/x")).isFalse();
        assertThat(pattern.covers(sneaky, filter("devices/a/#"))).isFalse();
        assertThat(pattern.overlaps(sneaky, filter("devices/#"))).isFalse();
    }

    @Test
    void usernamesWithWildcardsAndClientsWithoutUsernameMatchNothing() {
        TopicPattern pattern = TopicPattern.parse("users/%u/#");

        assertThat(pattern.covers(client("c", "+"), filter("users/+/#"))).isFalse();
        assertThat(pattern.covers(client("c", "#"), filter("users/#"))).isFalse();
        assertThat(pattern.matchesTopic(client("c", null), "users/null/x")).isFalse();
        assertThat(pattern.matchesTopic(client("c", "bob"), "users/bob/x")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/#/b", "a+", "$share/g/a", "#x"})
    void invalidPatternsAreRefused(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> TopicPattern.parse(text));
    }

    @Test
    void sharedSubscriptionsAreJudgedByTheirFilter() {
        assertThat(TopicPattern.parse("jobs/#").covers(CLIENT, filter("$share/workers/jobs/+"))).isTrue();
        assertThat(TopicPattern.parse("jobs/#").covers(CLIENT, filter("$share/workers/other"))).isFalse();
    }

    static ClientInfo client(String clientId, String username) {
        return new ClientInfo(clientId, username, new InetSocketAddress("127.0.0.1", 1), 5, "tcp");
    }

    static TopicFilter filter(String text) {
        return TopicFilter.parse(text).orElseThrow();
    }
}
