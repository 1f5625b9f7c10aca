package io.petrel.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.message.Message;
import io.petrel.message.Qos;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageRouterTests {

    private final SubscriptionTree tree = new SubscriptionTree();
    private final RecordingTarget target = new RecordingTarget();
    private final MessageRouter router = new MessageRouter(tree, target);

    @Test
    void overlappingSubscriptionsOfOneClientDeliverOnceAtTheHighestGrantedQos() {
        subscribe("c1", "a/+", Qos.AT_MOST_ONCE);
        subscribe("c1", "a/#", Qos.EXACTLY_ONCE);
        subscribe("c1", "a/b", Qos.AT_LEAST_ONCE);
        subscribe("c1", "#", Qos.AT_MOST_ONCE);

        assertThat(router.route(message("a/b", Qos.EXACTLY_ONCE))).isEqualTo(1);

        assertThat(target.deliveries).singleElement().satisfies((recorded) -> {
            assertThat(recorded.clientId()).isEqualTo("c1");
            assertThat(recorded.delivery().qos()).isEqualTo(Qos.EXACTLY_ONCE);
        });
    }

    @ParameterizedTest(name = "published at QoS {0}, granted QoS {1}: delivered at QoS {2}")
    @CsvSource({"0, 0, 0", "0, 1, 0", "0, 2, 0", "1, 0, 0", "1, 1, 1", "1, 2, 1", "2, 0, 0", "2, 1, 1", "2, 2, 2"})
    void deliveryQosIsTheLowerOfPublishedAndGranted(int published, int granted, int expected) {
        subscribe("c1", "a/b", Qos.of(granted));
        router.route(message("a/b", Qos.of(published)));
        assertThat(target.deliveries).singleElement()
                .extracting((recorded) -> recorded.delivery().qos()).isEqualTo(Qos.of(expected));
    }

    @Test
    void routedDeliveryIsNotFlaggedRetainedButCarriesTheOriginalMessage() {
        subscribe("c1", "a/b", Qos.AT_LEAST_ONCE);
        Message retained = Message.of("a/b", "hello", Qos.AT_LEAST_ONCE, true);
        router.route(retained);
        assertThat(target.deliveries).singleElement().satisfies((recorded) -> {
            assertThat(recorded.delivery().retain()).isFalse(); // [MQTT-3.3.1-9]
            assertThat(recorded.delivery().message()).isSameAs(retained);
        });
    }

    @Test
    void eachSubscribedClientReceivesTheMessageOnce() {
        subscribe("c1", "a/b", Qos.AT_MOST_ONCE);
        subscribe("c2", "a/+", Qos.AT_MOST_ONCE);
        subscribe("c3", "x/y", Qos.AT_MOST_ONCE);
        assertThat(router.route(message("a/b", Qos.AT_MOST_ONCE))).isEqualTo(2);
        assertThat(target.recipients()).containsExactlyInAnyOrder("c1", "c2");
    }

    @Test
    void messageWithoutSubscribersIsHandedToNobody() {
        subscribe("c1", "a/b", Qos.AT_MOST_ONCE);
        assertThat(router.route(message("a/c", Qos.AT_LEAST_ONCE))).isZero();
        assertThat(target.deliveries).isEmpty();
    }

    @Test
    void subscriberWithoutSessionIsNotCounted() {
        subscribe("c1", "a/b", Qos.AT_MOST_ONCE);
        subscribe("gone", "a/b", Qos.AT_MOST_ONCE);
        target.known.remove("gone");
        assertThat(router.route(message("a/b", Qos.AT_MOST_ONCE))).isEqualTo(1);
    }

    @Test
    void reservedTopicReachesOnlyFiltersThatNameIt() {
        subscribe("all", "#", Qos.AT_MOST_ONCE);
        subscribe("plus", "+/uptime", Qos.AT_MOST_ONCE);
        subscribe("sys", "$SYS/#", Qos.AT_MOST_ONCE);
        assertThat(router.route(message("$SYS/uptime", Qos.AT_MOST_ONCE))).isEqualTo(1);
        assertThat(target.recipients()).containsExactly("sys");
    }

    @Test
    void sharedGroupDeliversEachMessageToExactlyOneMemberRoundRobin() {
        subscribe("m1", "$share/g/a/+", Qos.AT_LEAST_ONCE);
        subscribe("m2", "$share/g/a/+", Qos.AT_LEAST_ONCE);
        subscribe("m3", "$share/g/a/+", Qos.AT_LEAST_ONCE);
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            target.deliveries.clear();
            assertThat(router.route(message("a/b", Qos.AT_LEAST_ONCE))).isEqualTo(1);
            assertThat(target.deliveries).hasSize(1);
            recipients.add(target.deliveries.get(0).clientId());
        }
        assertThat(new HashSet<>(recipients.subList(0, 3))).containsExactlyInAnyOrder("m1", "m2", "m3");
        for (int i = 3; i < recipients.size(); i++) {
            assertThat(recipients.get(i)).as("recipient of message %d", i).isEqualTo(recipients.get(i - 3));
        }
    }

    @Test
    void sharedGroupPrefersConnectedMembers() {
        subscribe("m1", "$share/g/a/b", Qos.AT_LEAST_ONCE);
        subscribe("m2", "$share/g/a/b", Qos.AT_LEAST_ONCE);
        subscribe("m3", "$share/g/a/b", Qos.AT_LEAST_ONCE);
        target.connected.remove("m1");
        target.connected.remove("m3");
        for (int i = 0; i < 6; i++) {
            router.route(message("a/b", Qos.AT_LEAST_ONCE));
        }
        assertThat(target.recipients()).hasSize(6).containsOnly("m2");
    }

    @Test
    void sharedGroupWithoutConnectedMembersStillDeliversToOneMember() {
        subscribe("m1", "$share/g/a/b", Qos.AT_LEAST_ONCE);
        subscribe("m2", "$share/g/a/b", Qos.AT_LEAST_ONCE);
        target.connected.clear();
        for (int i = 0; i < 4; i++) {
            assertThat(router.route(message("a/b", Qos.AT_LEAST_ONCE))).isEqualTo(1);
        }
        assertThat(target.recipients()).hasSize(4).containsOnly("m1", "m2");
    }

    @Test
    void sharedMemberReceivesAtTheLowerOfPublishedAndGrantedQos() {
        subscribe("m1", "$share/g/a/b", Qos.AT_MOST_ONCE);
        router.route(message("a/b", Qos.EXACTLY_ONCE));
        assertThat(target.deliveries).singleElement().satisfies((recorded) -> {
            assertThat(recorded.delivery().qos()).isEqualTo(Qos.AT_MOST_ONCE);
            assertThat(recorded.delivery().retain()).isFalse();
        });
    }

    @Test
    void eachSharedGroupAndEachDirectSubscriberCountsOnce() {
        subscribe("g1", "$share/g/a/b", Qos.AT_LEAST_ONCE);
        subscribe("g2", "$share/g/a/b", Qos.AT_LEAST_ONCE);
        subscribe("h1", "$share/h/a/+", Qos.AT_LEAST_ONCE);
        subscribe("h2", "$share/h/a/+", Qos.AT_LEAST_ONCE);
        subscribe("d1", "a/#", Qos.AT_LEAST_ONCE);
        subscribe("d2", "a/b", Qos.AT_LEAST_ONCE);

        assertThat(router.route(message("a/b", Qos.AT_LEAST_ONCE))).isEqualTo(4);

        List<String> recipients = target.recipients();
        assertThat(recipients).hasSize(4).contains("d1", "d2");
        assertThat(recipients).filteredOn((c) -> c.startsWith("g")).hasSize(1);
        assertThat(recipients).filteredOn((c) -> c.startsWith("h")).hasSize(1);
    }

    @Test
    void clientWithSharedAndNonSharedSubscriptionReceivesACopyForEach() {
        subscribe("c1", "a/b", Qos.AT_MOST_ONCE);
        subscribe("c1", "$share/g/a/b", Qos.AT_LEAST_ONCE);
        assertThat(router.route(message("a/b", Qos.AT_LEAST_ONCE))).isEqualTo(2);
        assertThat(target.deliveries).extracting((recorded) -> recorded.delivery().qos())
                .containsExactlyInAnyOrder(Qos.AT_MOST_ONCE, Qos.AT_LEAST_ONCE);
    }

    @Test
    void sameFilterInDifferentGroupsFormsDifferentGroups() {
        subscribe("m1", "$share/g/a/b", Qos.AT_LEAST_ONCE);
        subscribe("m2", "$share/h/a/b", Qos.AT_LEAST_ONCE);
        for (int i = 0; i < 3; i++) {
            assertThat(router.route(message("a/b", Qos.AT_LEAST_ONCE))).isEqualTo(2);
        }
        assertThat(target.recipients()).filteredOn("m1"::equals).hasSize(3);
        assertThat(target.recipients()).filteredOn("m2"::equals).hasSize(3);
    }

    private void subscribe(String clientId, String filter, Qos qos) {
        tree.add(new Subscription(clientId, TopicFilterTests.filter(filter), qos));
        target.known.add(clientId);
        target.connected.add(clientId);
    }

    private static Message message(String topic, Qos qos) {
        return Message.of(topic, "payload", qos, false);
    }

    record Recorded(String clientId, Delivery delivery) {}

    /** Records what the router hands over; knows which clients have a session and which are connected. */
    static final class RecordingTarget implements DeliveryTarget {

        final List<Recorded> deliveries = new ArrayList<>();
        final Set<String> known = new HashSet<>();
        final Set<String> connected = new HashSet<>();

        @Override
        public boolean deliver(String clientId, Delivery delivery) {
            if (!known.contains(clientId)) {
                return false;
            }
            deliveries.add(new Recorded(clientId, delivery));
            return true;
        }

        @Override
        public boolean isConnected(String clientId) {
            return connected.contains(clientId);
        }

        List<String> recipients() {
            return deliveries.stream().map(Recorded::clientId).toList();
        }
    }
}
