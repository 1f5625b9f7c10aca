package io.petrel.config;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves Spring Boot's Redis auto-configuration out unless {@code mqtt.cluster.enabled} is true. Spring Data
 * Redis is on the class path for cluster mode, and Boot would otherwise start a Lettuce client (its threads
 * and a connection attempt) and a {@code redis} health indicator that reports DOWN for a broker that never
 * uses Redis: in memory mode none of it should run.
 */
public final class RedisOnlyInClusterMode implements AutoConfigurationImportFilter, EnvironmentAware {

    private static final String REDIS_AUTO_CONFIGURATIONS = "org.springframework.boot.data.redis.";

    private boolean clusterEnabled;

    @Override
    public void setEnvironment(Environment environment) {
        clusterEnabled = environment.getProperty("mqtt.cluster.enabled", Boolean.class, false);
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < matches.length; i++) {
            String candidate = autoConfigurationClasses[i];
            matches[i] = clusterEnabled || candidate == null || !candidate.startsWith(REDIS_AUTO_CONFIGURATIONS);
        }
        return matches;
    }
}
