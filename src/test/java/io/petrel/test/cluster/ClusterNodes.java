package io.petrel.test.cluster;

import io.petrel.PetrelApplication;
import io.petrel.test.BrokerProcess;
import io.petrel.test.redis.RedisClusterServers;
import io.petrel.test.redis.RedisServer;
import io.petrel.transport.MqttServer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several Petrel nodes in cluster mode in this JVM, each a whole application context on free ports, sharing
 * one Redis. Node {@code i} is called {@code node-i}; its Redis connections carry that name too, so a test can
 * find and kill them with {@code CLIENT LIST} / {@code CLIENT KILL ID}.
 */
public final class ClusterNodes implements AutoCloseable {

    /** One running node. */
    public record Node(String id, ConfigurableApplicationContext context) {

        public MqttServer server() {
            return context.getBean(MqttServer.class);
        }

        public int mqttPort() {
            return server().localPort("tcp").orElseThrow();
        }

        public <T> T bean(Class<T> type) {
            return context.getBean(type);
        }

        /** The Actuator's port ({@code management.server.port=0} picks a free one). */
        public int managementPort() {
            return context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
        }
    }

    private final List<Node> nodes = new ArrayList<>();
    private final String redisProperties;

    private ClusterNodes(String redisProperties) {
        this.redisProperties = redisProperties;
    }

    /** Starts {@code count} nodes against a standalone Redis. */
    public static ClusterNodes start(RedisServer redis, int count, String... extraProperties) {
        ClusterNodes cluster = new ClusterNodes("spring.data.redis.port=" + redis.port());
        for (int i = 0; i < count; i++) {
            cluster.add(extraProperties);
        }
        return cluster;
    }

    /** Starts {@code count} nodes against a Redis Cluster. */
    public static ClusterNodes start(RedisClusterServers redis, int count, String... extraProperties) {
        ClusterNodes cluster = new ClusterNodes("spring.data.redis.cluster.nodes=" + redis.nodesProperty());
        for (int i = 0; i < count; i++) {
            cluster.add(extraProperties);
        }
        return cluster;
    }

    /** Starts {@code count} nodes that find their Redis master through a Sentinel. */
    public static ClusterNodes startOnSentinel(String masterName, RedisServer sentinel, int count,
            String... extraProperties) {
        ClusterNodes cluster = new ClusterNodes("spring.data.redis.sentinel.master=" + masterName);
        String[] properties = Stream.concat(Stream.of("spring.data.redis.sentinel.nodes=127.0.0.1:" + sentinel.port()),
                Stream.of(extraProperties)).toArray(String[]::new);
        for (int i = 0; i < count; i++) {
            cluster.add(properties);
        }
        return cluster;
    }

    /**
     * The command that runs a cluster node in a JVM of its own on the test's class path, for
     * {@code BrokerProcess.start}: a node a test can kill without any shutdown.
     */
    public static List<String> processLaunch(String nodeId, int redisPort, String... extraProperties) {
        return Stream.concat(Stream.of(BrokerProcess.java(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                        PetrelApplication.class.getName(), "--mqtt.cluster.enabled=true", "--mqtt.cluster.node-id=" + nodeId,
                        "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redisPort,
                        "--spring.data.redis.client-name=" + nodeId),
                Stream.of(extraProperties).map(property -> "--" + property)).toList();
    }

    /** Starts one more node; returns it. */
    public Node add(String... extraProperties) {
        String id = "node-" + nodes.size();
        // As command-line arguments: they win over the application.yml defaults (MQTT_PORT 1883 and so on).
        String[] arguments = Stream.concat(Stream.of(
                        "mqtt.cluster.enabled=true",
                        "mqtt.cluster.node-id=" + id,
                        "mqtt.cluster.sync-interval=1s",
                        "spring.data.redis.host=127.0.0.1",
                        redisProperties,
                        "spring.data.redis.client-name=" + id,
                        "mqtt.listeners.tcp.port=0",
                        "mqtt.listeners.tcp.host=127.0.0.1",
                        "management.server.port=0",
                        "mqtt.sys.enabled=false"),
                Stream.of(extraProperties)).map(property -> "--" + property).toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PetrelApplication.class).run(arguments);
        Node node = new Node(id, context);
        nodes.add(node);
        return node;
    }

    public Node node(int index) {
        return nodes.get(index);
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public void close() {
        for (Node node : nodes) {
            node.context().close();
        }
        nodes.clear();
    }
}
