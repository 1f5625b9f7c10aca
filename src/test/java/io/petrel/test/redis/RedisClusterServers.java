package io.petrel.test.redis;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A Redis Cluster of three masters without replicas, each a {@link RedisServer} on a free loopback port with
 * its cluster bus on that port plus 10000. The cluster is formed with plain commands (CLUSTER ADDSLOTS and
 * CLUSTER MEET) rather than {@code redis-cli}, so the embedded Redis 6.2 binary forms one as well.
 */
public final class RedisClusterServers implements AutoCloseable {

    private static final int MASTERS = 3;

    private static final int SLOTS = 16384;

    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(60);

    private final List<RedisServer> nodes;

    private RedisClusterServers(List<RedisServer> nodes) {
        this.nodes = nodes;
    }

    /** Starts three masters of the installed {@code redis-server} (else the embedded one) and forms the cluster. */
    public static RedisClusterServers start() {
        return start(RedisBinary.find());
    }

    /** Starts three masters of this executable and waits until each reports {@code cluster_state:ok}. */
    static RedisClusterServers start(Path executable) {
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < MASTERS; i++) {
                nodes.add(RedisServer.start(executable, FreePorts::withClusterBus, "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf"));
            }
            RedisClusterServers cluster = new RedisClusterServers(List.copyOf(nodes));
            cluster.form();
            return cluster;
        } catch (RuntimeException | Error ex) {
            nodes.forEach(RedisServer::close);
            throw ex;
        }
    }

    /** The masters, in the order of their slot ranges: node {@code i} serves the {@code i}-th third. */
    public List<RedisServer> nodes() {
        return this.nodes;
    }

    public List<Integer> ports() {
        return this.nodes.stream().map(RedisServer::port).toList();
    }

    /** The value for {@code spring.data.redis.cluster.nodes}: {@code 127.0.0.1:p1,127.0.0.1:p2,...}. */
    public String nodesProperty() {
        return this.nodes.stream().map((node) -> "127.0.0.1:" + node.port()).collect(Collectors.joining(","));
    }

    /** Stops every master and removes their folders. */
    public void stop() {
        this.nodes.forEach(RedisServer::close);
    }

    @Override
    public void close() {
        stop();
    }

    private void form() {
        for (int i = 0; i < MASTERS; i++) {
            RedisServer node = this.nodes.get(i);
            // Distinct epochs up front, as redis-cli does, so no collision has to be resolved by gossip.
            node.command("CLUSTER", "SET-CONFIG-EPOCH", String.valueOf(i + 1));
            node.command(addSlots(SLOTS * i / MASTERS, SLOTS * (i + 1) / MASTERS - 1));
        }
        RedisServer first = this.nodes.get(0);
        for (RedisServer other : this.nodes.subList(1, MASTERS)) {
            first.command("CLUSTER", "MEET", "127.0.0.1", String.valueOf(other.port()));
        }
        await().atMost(FORM_TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> this.nodes.stream().allMatch(RedisClusterServers::seesWholeCluster));
    }

    /** CLUSTER ADDSLOTS with every slot listed: ADDSLOTSRANGE needs Redis 7. */
    private static String[] addSlots(int first, int last) {
        List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
        IntStream.rangeClosed(first, last).mapToObj(String::valueOf).forEach(command::add);
        return command.toArray(String[]::new);
    }

    private static boolean seesWholeCluster(RedisServer node) {
        String info = node.command("CLUSTER", "INFO");
        return info != null && info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + MASTERS);
    }
}
