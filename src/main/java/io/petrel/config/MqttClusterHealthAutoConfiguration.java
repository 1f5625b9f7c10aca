package io.petrel.config;

import io.petrel.actuator.ClusterHealthIndicator;
import io.petrel.cluster.ClusterNode;
import io.petrel.cluster.Forwarder;
import io.petrel.cluster.Inbox;
import io.petrel.cluster.SubscriptionSync;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** The {@code cluster} health indicator, in cluster mode when Actuator's health support is present. */
@AutoConfiguration(after = MqttClusterAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ClusterNode.class)
@ConditionalOnEnabledHealthIndicator("cluster")
public final class MqttClusterHealthAutoConfiguration {

    @Bean
    ClusterHealthIndicator clusterHealthIndicator(ClusterNode node, SubscriptionSync sync, Forwarder forwarder,
            Inbox inbox) {
        return new ClusterHealthIndicator(node, sync, forwarder, inbox);
    }
}
