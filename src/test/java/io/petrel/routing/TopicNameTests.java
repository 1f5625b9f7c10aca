package io.petrel.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Topic names as PUBLISH carries them: MQTT 3.1.1 §4.7.3 and mosquitto's pub_topic_check vectors. */
class TopicNameTests {

    @ParameterizedTest(name = "\"{0}\" is a valid topic name")
    @ValueSource(strings = {"pub/topic", "pub//topic", "pub/ /topic", "/", "//", "/finance", "finance/", " ",
            "a", "$SYS/broker/uptime", "$", "sport/tennis/player1", "ünïcødé/π", "a-b_c.d"})
    void validTopicNameIsAccepted(String topic) {
        assertThat(TopicName.isValid(topic)).as("valid: \"%s\"", topic).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\" is not a valid topic name")
    @ValueSource(strings = {"", "+", "#", "+pub/topic", "pub+/topic", "pub/+topic", "pub/topic+", "pub/topic/+",
            "#pub/topic", "pub#/topic", "pub/#topic", "pub/topic#", "pub/topic/#", "+/pub/topic", "a/\u0000/b",
            "\u0000"})
    void topicNameWithWildcardOrNullCharacterOrNothingIsRejected(String topic) {
        assertThat(TopicName.isValid(topic)).as("valid: \"%s\"", topic).isFalse();
    }

    static Stream<Arguments> levels() {
        return Stream.of(
                Arguments.of("a", new String[] {"a"}),
                Arguments.of("a/b/c", new String[] {"a", "b", "c"}),
                Arguments.of("a//b", new String[] {"a", "", "b"}),
                Arguments.of("/finance", new String[] {"", "finance"}),
                Arguments.of("finance/", new String[] {"finance", ""}),
                Arguments.of("/", new String[] {"", ""}),
                Arguments.of("//", new String[] {"", "", ""}),
                Arguments.of("", new String[] {""}),
                Arguments.of("$SYS/broker", new String[] {"$SYS", "broker"}),
                Arguments.of("sport/+/#", new String[] {"sport", "+", "#"}));
    }

    @ParameterizedTest(name = "\"{0}\" splits into {1}")
    @MethodSource("levels")
    void levelsKeepEmptyLevels(String topic, String[] expected) {
        assertThat(TopicName.levels(topic)).containsExactly(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is reserved")
    @ValueSource(strings = {"$SYS", "$SYS/broker", "$", "$share/g/a", "$x/"})
    void topicStartingWithDollarIsReserved(String topic) {
        assertThat(TopicName.isReserved(topic)).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\" is not reserved")
    @ValueSource(strings = {"", "a", "a/$SYS", "/$SYS", " $SYS", "SYS"})
    void topicNotStartingWithDollarIsNotReserved(String topic) {
        assertThat(TopicName.isReserved(topic)).isFalse();
    }
}
