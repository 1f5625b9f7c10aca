package io.petrel.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class TopicLevelTests {

    @Test
    void walksTheSameLevelsAsSplittingTheTopic() {
        for (String topic : List.of("a", "a/b/c", "/", "a//b", "a/", "/a", "$SYS/brokers", "capteurs/température/été")) {
            assertThat(walk(topic)).as(topic).containsExactly(TopicName.levels(topic));
        }
    }

    @Test
    void findsTheStringKeyWithTheSameCharactersInAConcurrentHashMap() {
        ConcurrentHashMap<String, Integer> children = new ConcurrentHashMap<>();
        for (int i = 0; i < 1000; i++) { // enough keys for the map to resize and share buckets
            children.put("level" + i, i);
        }
        children.put("", -1);
        TopicLevel level = new TopicLevel("fleet/level742//level74");

        level.moveTo(0);
        assertThat(children.get(level)).isNull(); // "fleet"
        int end = level.moveTo(6);
        assertThat(level.hashCode()).isEqualTo("level742".hashCode());
        assertThat(children.get(level)).isEqualTo(742);
        end = level.moveTo(end + 1);
        assertThat(children.get(level)).isEqualTo(-1); // the empty level
        level.moveTo(end + 1);
        assertThat(children.get(level)).isEqualTo(74);
    }

    private static List<String> walk(String topic) {
        TopicLevel level = new TopicLevel(topic);
        List<String> levels = new ArrayList<>();
        int start = 0;
        while (start <= topic.length()) {
            int end = level.moveTo(start);
            levels.add(level.toString());
            start = end + 1;
        }
        return levels;
    }
}
