package io.petrel.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.message.Message;
import io.petrel.message.MessageProperties;
import io.petrel.message.Qos;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shared subscription strategies (mqtt.shared-subscription-strategy) on their own: which member of a
 * group receives a message, with a fake predicate for which members are connected.
 */
class SharedGroupSelectorTests {

    private static final String GROUP = "$share/g/a/b";

    private final List<Subscription> members = List.of(member("m1"), member("m2"), member("m3"));

    /** Members with a connection attached; the test changes it. */
    private final Set<String> connected = new HashSet<>(Set.of("m1", "m2", "m3"));

    @Test
    void roundRobinTakesTheMembersInTurn() {
        SharedGroupSelector selector = new SharedGroupSelector(SharedSubscriptionStrategy.ROUND_ROBIN);

        List<String> chosen = select(selector, 9, "publisher");

        assertThat(new HashSet<>(chosen.subList(0, 3))).containsExactlyInAnyOrder("m1", "m2", "m3");
        assertThat(chosen.subList(3, 6)).isEqualTo(chosen.subList(0, 3));
        assertThat(chosen.subList(6, 9)).isEqualTo(chosen.subList(0, 3));
    }

    @Test
    void roundRobinSkipsMembersThatAreNotConnected() {
        SharedGroupSelector selector = new SharedGroupSelector(SharedSubscriptionStrategy.ROUND_ROBIN);
        connected.remove("m2");

        List<String> chosen = select(selector, 8, "publisher");

        assertThat(chosen).doesNotContain("m2").contains("m1", "m3");
    }

    @Test
    void randomPicksEveryConnectedMemberSometimesAndNoOther() {
        SharedGroupSelector selector = new SharedGroupSelector(SharedSubscriptionStrategy.RANDOM);
        connected.remove("m3");

        List<String> chosen = select(selector, 200, "publisher");

        // the chance that one of two members is never picked in 200 draws is 2^-199
        assertThat(new HashSet<>(chosen)).containsExactlyInAnyOrder("m1", "m2");
    }

    @Test
    void hashSendsEveryMessageOfOnePublisherToTheSameMember() {
        SharedGroupSelector selector = new SharedGroupSelector(SharedSubscriptionStrategy.HASH);

        for (String publisher : List.of("alpha", "beta", "gamma", "delta")) {
            assertThat(new HashSet<>(select(selector, 10, publisher))).as("members chosen for %s", publisher)
                    .hasSize(1);
        }
    }

    @Test
    void hashSpreadsDifferentPublishersOverTheMembers() {
        SharedGroupSelector selector = new SharedGroupSelector(SharedSubscriptionStrategy.HASH);

        Set<String> chosen = new HashSet<>();
        IntStream.range(0, 30).forEach(i -> chosen.addAll(select(selector, 1, "publisher-" + i)));

        assertThat(chosen).containsExactlyInAnyOrder("m1", "m2", "m3");
    }

    @Test
    void hashUsesTheTopicForMessagesWithoutPublisher() {
        SharedGroupSelector selector = new SharedGroupSelector(SharedSubscriptionStrategy.HASH);

        Set<String> chosen = new HashSet<>(select(selector, 10, null));

        assertThat(chosen).hasSize(1);
    }

    @Test
    void hashMovesToAnotherMemberWhileTheHashedOneIsNotConnected() {
        SharedGroupSelector selector = new SharedGroupSelector(SharedSubscriptionStrategy.HASH);
        String usual = select(selector, 1, "alpha").get(0);
        connected.remove(usual);

        List<String> meanwhile = select(selector, 5, "alpha");
        connected.add(usual);

        assertThat(new HashSet<>(meanwhile)).hasSize(1).doesNotContain(usual);
        assertThat(select(selector, 1, "alpha")).containsExactly(usual);
    }

    @Test
    void stickyKeepsTheSameMemberWhileItStaysConnected() {
        SharedGroupSelector selector = new SharedGroupSelector(SharedSubscriptionStrategy.STICKY);

        List<String> chosen = new ArrayList<>();
        for (String publisher : List.of("alpha", "beta", "gamma")) {
            chosen.addAll(select(selector, 5, publisher));
        }

        assertThat(new HashSet<>(chosen)).hasSize(1);
    }

    @Test
    void stickyMovesToAnotherMemberWhenTheStickyOneLeavesAndStaysThere() {
        SharedGroupSelector selector = new SharedGroupSelector(SharedSubscriptionStrategy.STICKY);
        String first = select(selector, 1, "publisher").get(0);
        connected.remove(first);

        List<String> afterLeaving = select(selector, 5, "publisher");
        connected.add(first); // back, but no longer the sticky one

        assertThat(new HashSet<>(afterLeaving)).hasSize(1).doesNotContain(first);
        assertThat(select(selector, 5, "publisher")).containsOnly(afterLeaving.get(0));
    }

    @Test
    void stickyMemberThatUnsubscribedIsReplaced() {
        SharedGroupSelector selector = new SharedGroupSelector(SharedSubscriptionStrategy.STICKY);
        String first = select(selector, 1, "publisher").get(0);
        List<Subscription> remaining = members.stream().filter(member -> !member.clientId().equals(first)).toList();

        Subscription next = selector.select(GROUP, remaining, message("publisher"), connected::contains);

        assertThat(next.clientId()).isNotEqualTo(first);
    }

    @ParameterizedTest
    @EnumSource(SharedSubscriptionStrategy.class)
    void withoutConnectedMembersAnOfflineMemberIsChosen(SharedSubscriptionStrategy strategy) {
        SharedGroupSelector selector = new SharedGroupSelector(strategy);
        connected.clear();

        assertThat(select(selector, 6, "publisher")).isNotEmpty().allSatisfy(
                chosen -> assertThat(chosen).isIn("m1", "m2", "m3"));
    }

    @ParameterizedTest
    @EnumSource(SharedSubscriptionStrategy.class)
    void theOnlyConnectedMemberReceivesEverything(SharedSubscriptionStrategy strategy) {
        SharedGroupSelector selector = new SharedGroupSelector(strategy);
        connected.retainAll(Set.of("m2"));

        assertThat(select(selector, 6, "publisher")).containsOnly("m2");
    }

    private List<String> select(SharedGroupSelector selector, int messages, String publisher) {
        List<String> chosen = new ArrayList<>(messages);
        for (int i = 0; i < messages; i++) {
            chosen.add(selector.select(GROUP, members, message(publisher), connected::contains).clientId());
        }
        return chosen;
    }

    private static Subscription member(String clientId) {
        return new Subscription(clientId, TopicFilterTests.filter(GROUP), Qos.AT_LEAST_ONCE);
    }

    private static Message message(String origin) {
        return new Message("a/b", "payload".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, false,
                MessageProperties.NONE, Message.NEVER, origin);
    }
}
