package io.petrel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PacketIdMapTests {

    @Test
    void agreesWithAHashMapOverManyRandomAddsAndRemoves() {
        PacketIdMap<String> map = new PacketIdMap<>();
        Map<Integer, String> reference = new HashMap<>();
        Random random = new Random(42);
        for (int step = 0; step < 200_000; step++) {
            // A small range at first makes probe runs collide and wrap; later a wide one makes the table grow.
            int packetId = 1 + random.nextInt(step < 100_000 ? 64 : 65535);
            if (random.nextBoolean() && !reference.containsKey(packetId)) {
                map.put(packetId, "m" + packetId);
                reference.put(packetId, "m" + packetId);
            } else {
                map.remove(packetId);
                reference.remove(packetId);
            }
            assertThat(map.size()).isEqualTo(reference.size());
            int probe = 1 + random.nextInt(65535);
            assertThat(map.get(probe)).isEqualTo(reference.get(probe));
            assertThat(map.containsKey(probe)).isEqualTo(reference.containsKey(probe));
        }
        reference.forEach((packetId, value) -> assertThat(map.get(packetId)).isEqualTo(value));
    }

    @Test
    void holdsEveryPacketIdentifierAtOnce() {
        PacketIdMap<Integer> map = new PacketIdMap<>();
        for (int packetId = 1; packetId <= 65535; packetId++) {
            map.put(packetId, packetId);
        }
        assertThat(map.size()).isEqualTo(65535);
        for (int packetId = 1; packetId <= 65535; packetId += 2) {
            map.remove(packetId);
        }
        assertThat(map.size()).isEqualTo(32767);
        for (int packetId = 1; packetId <= 65535; packetId++) {
            assertThat(map.get(packetId)).isEqualTo(packetId % 2 == 0 ? packetId : null);
        }
    }
}
