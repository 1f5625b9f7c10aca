package io.petrel.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Topic filters as SUBSCRIBE carries them: validity per MQTT 3.1.1 §4.7.1 (and MQTT 5 shared subscriptions),
 * matching per §4.7.2. The tables follow the vectors of mosquitto's {@code test/unit/util_topic_test.c}.
 */
class TopicFilterTests {

    @ParameterizedTest(name = "\"{0}\" is a valid topic filter")
    @ValueSource(strings = {"#", "a/#", "+", "+/+", "a/+/b", "/", "/#", "+/#", "a/b/c/d/e", "sub/topic", "sub//topic",
            "sub/ /topic", "sub/+/topic", "+/+/+", "sub/topic/#", "sub//topic/#", "sub/ /topic/#", "sub/+/topic/#",
            "+/+/+/#", "$SYS/#", "$SYS/+/uptime", "$share", "$share/g/a/b", "$share/g/#", "$share/g/+/x",
            "$share/group-1/a//b", "a/$share/g/b"})
    void validTopicFilterIsAccepted(String text) {
        assertThat(TopicFilter.parse(text)).as("parse(\"%s\")", text).isPresent()
                .get().extracting(TopicFilter::text).isEqualTo(text);
    }

    @ParameterizedTest(name = "\"{0}\" is not a valid topic filter")
    @ValueSource(strings = {"", "a#", "a/#/b", "+a", "#/a", "a+", "a/b+", "#a", "/#a", "foo/#a", "foo/#abc",
            "fo#o/", "+sub/topic", "sub+/topic", "sub/+topic", "sub/topic+", "#sub/topic", "sub#/topic", "sub/#topic",
            "sub/topic#", "#/sub/topic", "#/#", "++", "a/\u0000", "$share//a", "$share/g", "$share/g/",
            "$share/g+/a", "$share/g#/a", "$share/+/a", "$share/g/a#", "$share/g/#/a", "$share//"})
    void invalidTopicFilterIsRejected(String text) {
        assertThat(TopicFilter.parse(text)).as("parse(\"%s\")", text).isEmpty();
    }

    @Test
    void sharedSubscriptionKeepsItsGroupApartFromTheFilterLevels() {
        TopicFilter filter = filter("$share/consumers/sensors/+/temp");
        assertThat(filter.isShared()).isTrue();
        assertThat(filter.shareGroup()).isEqualTo("consumers");
        assertThat(filter.levels()).containsExactly("sensors", "+", "temp");
        assertThat(filter.text()).isEqualTo("$share/consumers/sensors/+/temp");
        assertThat(filter.hasWildcard()).isTrue();
    }

    @Test
    void nonSharedFilterHasNoGroup() {
        TopicFilter filter = filter("$share");
        assertThat(filter.isShared()).isFalse();
        assertThat(filter.shareGroup()).isNull();
        assertThat(filter.levels()).containsExactly("$share");
    }

    @Test
    void levelsKeepEmptyLevelsAndCannotBeChangedFromOutside() {
        TopicFilter filter = filter("/a//+");
        String[] levels = filter.levels();
        assertThat(levels).containsExactly("", "a", "", "+");
        levels[1] = "changed";
        assertThat(filter.levels()).containsExactly("", "a", "", "+");
        assertThat(filter.matches("/a//x")).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\" has a wildcard: {1}")
    @CsvSource({"a/b, false", "a/+, true", "'#', true", "a/#, true", "$share/g/a/b, false", "$share/g/+, true"})
    void hasWildcardLooksAtTheFilterLevels(String text, boolean expected) {
        assertThat(filter(text).hasWildcard()).isEqualTo(expected);
    }

    @Test
    void filtersAreEqualByTheirText() {
        assertThat(filter("a/+")).isEqualTo(filter("a/+")).hasSameHashCodeAs(filter("a/+"));
        assertThat(filter("a/+")).isNotEqualTo(filter("a/#"));
        assertThat(filter("$share/g/a")).isNotEqualTo(filter("a")).isNotEqualTo(filter("$share/h/a"));
    }

    @ParameterizedTest(name = "\"{0}\" matches \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            // mosquitto TEST_valid_matching
            "foo/#        | foo/",
            "foo/#        | foo",
            "foo//bar     | foo//bar",
            "foo//+       | foo//bar",
            "foo/+/+/baz  | foo///baz",
            "foo/bar/+    | foo/bar/",
            "foo/bar      | foo/bar",
            "foo/+        | foo/bar",
            "foo/+/baz    | foo/bar/baz",
            "A/B/+/#      | A/B/B/C",
            "foo/+/#      | foo/bar/baz",
            "foo/+/#      | foo/bar",
            "'#'          | foo/bar/baz",
            "'#'          | /foo/bar",
            "/#           | /foo/bar",
            // MQTT 3.1.1 §4.7.1.2 and §4.7.1.3 examples
            "sport/tennis/player1/# | sport/tennis/player1",
            "sport/tennis/player1/# | sport/tennis/player1/ranking",
            "sport/tennis/player1/# | sport/tennis/player1/score/wimbledon",
            "sport/#      | sport",
            "sport/tennis/+ | sport/tennis/player1",
            "sport/+      | sport/",
            "+/+          | /finance",
            "/+           | /finance",
            "+            | finance",
            "+/#          | a",
            "'#'          | a",
            "'#'          | /",
            "+/+          | /",
            // [MQTT-4.7.2-1] only filters that name the '$' level match reserved topics
            "$SYS/#       | $SYS/x",
            "$SYS/#       | $SYS",
            "$SYS/#       | $SYS/broker/clients/connected",
            "$SYS/+       | $SYS/uptime",
            "$SYS/+/#     | $SYS/broker/uptime",
            "$SYS/monitor/+ | $SYS/monitor/Clients",
            "$share/g/a/+ | a/b",
            "$share/g/#   | a/b/c",
            "a/$SYS/+     | a/$SYS/b",
            "+/$SYS       | a/$SYS",
    })
    void filterMatchesTopic(String filter, String topic) {
        assertThat(filter(filter)).matches(matching(topic), "matches \"" + topic + "\"");
    }

    @ParameterizedTest(name = "\"{0}\" does not match \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            // mosquitto TEST_valid_no_matching
            "test/6/#     | test/3",
            "foo/bar      | foo",
            "foo/+        | foo/bar/baz",
            "foo/+/baz    | foo/bar/bar",
            "foo/+/#      | fo2/bar/baz",
            "/#           | foo/bar",
            "'#'          | $SYS/bar",
            "$BOB/bar     | $SYS/bar",
            // MQTT 3.1.1 §4.7.1.3 and §4.7.2
            "sport/+      | sport",
            "+            | a/b",
            "+            | /finance",
            "+/+          | topic/topic/",
            "a/b          | a/b/",
            "a/b          | A/b",
            "a/b/c        | a/b",
            "a/#          | ab",
            "a/#          | b/a",
            "+/monitor/Clients | $SYS/monitor/Clients",
            "+/#          | $SYS/x",
            "+/+          | $SYS/x",
            "+            | $SYS",
            "+            | $",
            "'#'          | $",
            "'#'          | $SYS",
            "$share/g/#   | $SYS/x",
            "$share/g/+/x | $SYS/x",
            "$SYS/+       | $SYS/broker/uptime",
            "$SYS/#       | $SYSTEM/x",
    })
    void filterDoesNotMatchTopic(String filter, String topic) {
        assertThat(filter(filter)).doesNotMatch(matching(topic), "matches \"" + topic + "\"");
    }

    private static Predicate<TopicFilter> matching(String topic) {
        return (filter) -> filter.matches(topic);
    }

    static TopicFilter filter(String text) {
        return TopicFilter.parse(text).orElseThrow(() -> new AssertionError("invalid filter in test: " + text));
    }
}
