package io.petrel.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.PetrelApplication;
import io.petrel.config.SeedRedisVariables;
import io.petrel.test.cluster.ClusterNodes;
import io.petrel.test.cluster.Health;
import io.petrel.test.redis.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import tools.jackson.databind.JsonNode;

/**
 * How a node starts: it fails with a clear message on a Redis that neither sends keyspace notifications nor
 * lets it turn them on, starts on one that refuses CONFIG but has them on, is ready only once synchronised,
 * maps the seed system's Redis variables, and in memory mode starts nothing of Redis at all.
 */
class ClusterStartupTests {

    @Test
    void aNodeFailsToStartWhenRedisRefusesConfigAndSendsNoNotifications() {
        try (RedisServer redis = RedisServer.start("--rename-command", "CONFIG", "")) {
            assertThatThrownBy(() -> ClusterNodes.start(redis, 1).close())
                    .satisfies(failure -> assertThat(chainMessages(failure)).contains("notify-keyspace-events")
                            .contains("KEA"));
        }
    }

    @Test
    void aNodeStartsWhenRedisRefusesConfigButHasTheNotificationsOn() {
        try (RedisServer redis = RedisServer.start("--rename-command", "CONFIG", "", "--notify-keyspace-events", "KEA");
                ClusterNodes cluster = ClusterNodes.start(redis, 1)) {
            assertThat(cluster.node(0).bean(ClusterNode.class).isRunning()).isTrue();
            assertThat(cluster.node(0).bean(SubscriptionSync.class).isSynced()).isTrue();
        }
    }

    @Test
    void aStartedNodeIsReadyAndReportsItsSubscriptionsSynchronised() {
        try (RedisServer redis = RedisServer.start(); ClusterNodes cluster = ClusterNodes.start(redis, 1)) {
            int management = cluster.node(0).managementPort();
            assertThat(Health.of(management, "/readiness").path("status").asString()).isEqualTo("UP");
            JsonNode node = Health.of(management, "").path("components").path("cluster");
            assertThat(node.path("status").asString()).isEqualTo("UP");
            assertThat(node.path("details").path("synced").asBoolean()).isTrue();
            assertThat(node.path("details").path("node").asString()).isEqualTo("node-0");
        }
    }

    @Test
    void inMemoryModeStartsNoRedisClientNoRedisHealthAndNoClusterThreads() {
        long lastThreadBefore = Thread.getAllStackTraces().keySet().stream().mapToLong(Thread::getId).max().orElse(0);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PetrelApplication.class).run(
                "--mqtt.listeners.tcp.port=0", "--mqtt.listeners.tcp.host=127.0.0.1", "--management.server.port=0",
                "--mqtt.sys.enabled=false")) {
            assertThat(context.getBeanNamesForType(RedisConnectionFactory.class)).isEmpty();
            assertThat(context.getBeanNamesForType(LettuceConnectionFactory.class)).isEmpty();
            assertThat(context.getBeanNamesForType(ClusterNode.class)).isEmpty();
            HealthContributorRegistry health = context.getBean(HealthContributorRegistry.class);
            assertThat(health.getContributor("redis")).isNull();
            assertThat(health.getContributor("cluster")).isNull();
            int management = context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
            assertThat(Health.component(management, "redis")).isEqualTo("MISSING");
            // Threads of earlier tests in this JVM may still be ending: only threads started since count.
            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(thread -> thread.getId() > lastThreadBefore)
                    .extracting(Thread::getName)
                    .noneMatch(name -> name.startsWith("lettuce") || name.startsWith("mqtt-cluster"));
        }
    }

    @Test
    void theSeedSystemsRedisVariablesBecomeSpringDataRedisProperties() {
        StandardEnvironment environment = environmentWith(Map.of("REDIS_HOST", "redis.example", "REDIS_PORT", "6390",
                "REDIS_DB", "3", "REDIS_USERNAME", ""));

        new SeedRedisVariables().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.data.redis.host")).isEqualTo("redis.example");
        assertThat(environment.getProperty("spring.data.redis.port")).isEqualTo("6390");
        assertThat(environment.getProperty("spring.data.redis.database")).isEqualTo("3");
        assertThat(environment.containsProperty("spring.data.redis.username")).as("an empty variable").isFalse();
        assertThat(environment.containsProperty("spring.data.redis.password")).as("an unset variable").isFalse();
    }

    @Test
    void springDataRedisPropertiesSetExplicitlyWinOverTheSeedVariables() {
        StandardEnvironment environment = environmentWith(Map.of("REDIS_HOST", "redis.example", "REDIS_PORT", "6390"));
        environment.getPropertySources().addFirst(new MapPropertySource("explicit",
                Map.of("spring.data.redis.host", "explicit.example")));

        new SeedRedisVariables().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.data.redis.host")).isEqualTo("explicit.example");
        assertThat(environment.getProperty("spring.data.redis.port")).isEqualTo("6390");
    }

    /** An environment whose process environment is exactly {@code variables}. */
    private static StandardEnvironment environmentWith(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new MapPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return environment;
    }

    private static String chainMessages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
