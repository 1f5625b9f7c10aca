package io.petrel.test.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Redis harness itself: real servers and a real cluster, with the installed and the embedded binary. */
@Tag("redis")
class RedisServerTests {

    /** The installed binary when there is one, and the embedded one always. */
    static Stream<Named<Path>> binaries() {
        return Stream.concat(RedisBinary.installed().map((path) -> Named.of("installed " + path, path)).stream(),
                Stream.of(Named.of("embedded redis 6.2", RedisBinary.embedded())));
    }

    @ParameterizedTest
    @MethodSource("binaries")
    void serverAnswersPingAndKeepsValues(Path executable) {
        try (RedisServer redis = RedisServer.start(executable)) {
            assertThat(redis.command("PING")).isEqualTo("PONG");
            assertThat(redis.command("SET", "petrel:greeting", "hello")).isEqualTo("OK");
            assertThat(redis.command("GET", "petrel:greeting")).isEqualTo("hello");
            assertThat(redis.command("GET", "petrel:missing")).isNull();
            assertThat(redis.command("KEYS", "petrel:*")).isEqualTo("petrel:greeting");
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
        }
    }

    @Test
    void embeddedBinaryIsTheOneFromTheJar() {
        try (RedisServer redis = RedisServer.start(RedisBinary.embedded())) {
            assertThat(redis.command("INFO", "server")).contains("redis_version:6.2.");
        }
    }

    @ParameterizedTest
    @MethodSource("binaries")
    void expiredEventsArriveOnceConfigSetEnablesThem(Path executable) {
        try (RedisServer redis = RedisServer.start(executable); RespClient subscriber = redis.connect()) {
            assertThat(redis.command("CONFIG", "SET", "notify-keyspace-events", "Ex")).isEqualTo("OK");
            assertThat(redis.command("CONFIG", "GET", "notify-keyspace-events"))
                    .isEqualTo("notify-keyspace-events\nxE");
            assertThat(subscriber.command("SUBSCRIBE", "__keyevent@0__:expired"))
                    .isEqualTo("subscribe\n__keyevent@0__:expired\n1");
            redis.command("SET", "petrel:node:a", "alive", "PX", "50");
            assertThat(subscriber.nextReply()).isEqualTo("message\n__keyevent@0__:expired\npetrel:node:a");
        }
    }

    @Test
    void extraArgumentsReachTheServer() {
        try (RedisServer redis = RedisServer.start("--rename-command", "CONFIG", "")) {
            assertThatExceptionOfType(RespClient.ErrorReply.class)
                    .isThrownBy(() -> redis.command("CONFIG", "GET", "notify-keyspace-events"))
                    .withMessageContaining("unknown command");
            assertThat(redis.command("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void restartServesAgainOnTheSamePortWithoutTheOldData() {
        try (RedisServer redis = RedisServer.start()) {
            int port = redis.port();
            long firstPid = redis.pid();
            redis.command("SET", "petrel:before", "1");
            redis.stop();
            assertThat(ProcessHandle.of(firstPid).filter(ProcessHandle::isAlive)).isEmpty();
            assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> redis.command("PING"));
            redis.restart();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.pid()).isNotEqualTo(firstPid);
            assertThat(redis.command("PING")).isEqualTo("PONG");
            assertThat(redis.command("GET", "petrel:before")).isNull();
        }
    }

    @Test
    void clientKillDropsOtherConnectionsOnly() {
        try (RedisServer redis = RedisServer.start(); RespClient victim = redis.connect()) {
            assertThat(victim.command("PING")).isEqualTo("PONG");
            assertThat(redis.command("CLIENT", "KILL", "TYPE", "normal")).isEqualTo("1");
            assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> victim.command("PING"));
        }
    }

    @Test
    void closeEndsTheProcess() {
        RedisServer redis = RedisServer.start();
        long pid = redis.pid();
        redis.close();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("binaries")
    void clusterOfThreeMastersSpreadsKeysOverAllOfThem(Path executable) {
        try (RedisClusterServers cluster = RedisClusterServers.start(executable)) {
            List<Integer> ports = cluster.ports();
            assertThat(ports).hasSize(3).doesNotHaveDuplicates();
            assertThat(cluster.nodesProperty())
                    .isEqualTo("127.0.0.1:%d,127.0.0.1:%d,127.0.0.1:%d", ports.get(0), ports.get(1), ports.get(2));
            for (RedisServer node : cluster.nodes()) {
                assertThat(node.command("CLUSTER", "INFO")).contains("cluster_state:ok", "cluster_known_nodes:3");
            }
            Set<Integer> owners = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                owners.add(setOnOwningNode(cluster, "petrel:session:client-" + i));
            }
            assertThat(owners).containsExactlyInAnyOrderElementsOf(ports);
        }
    }

    @Test
    void clusterStopEndsEveryNode() {
        RedisClusterServers cluster = RedisClusterServers.start();
        List<Long> pids = cluster.nodes().stream().map(RedisServer::pid).toList();
        cluster.stop();
        assertThat(pids).allSatisfy(
                (pid) -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
    }

    /** Sets the key on every master: exactly one accepts it, the others answer MOVED. Returns its port. */
    private static int setOnOwningNode(RedisClusterServers cluster, String key) {
        List<Integer> accepted = cluster.nodes().stream().filter((node) -> {
            try {
                return "OK".equals(node.command("SET", key, "x"));
            } catch (RespClient.ErrorReply moved) {
                assertThat(moved).hasMessageStartingWith("MOVED ");
                return false;
            }
        }).map(RedisServer::port).toList();
        assertThat(accepted).as("masters that accepted %s", key).hasSize(1);
        return accepted.get(0);
    }
}
