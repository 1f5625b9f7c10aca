package io.petrel.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Accepts the seed system's {@code REDIS_HOST}, {@code REDIS_PORT}, {@code REDIS_USERNAME},
 * {@code REDIS_PASSWORD} and {@code REDIS_DB} as {@code spring.data.redis.*}. Only the variables that are
 * set are mapped (an empty user name would make Lettuce authenticate), and with the lowest precedence, so
 * {@code spring.data.redis.*} set anywhere else wins.
 */
public final class SeedRedisVariables implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "petrelSeedRedisVariables";

    private static final Map<String, String> VARIABLES = Map.of(
            "REDIS_HOST", "spring.data.redis.host",
            "REDIS_PORT", "spring.data.redis.port",
            "REDIS_USERNAME", "spring.data.redis.username",
            "REDIS_PASSWORD", "spring.data.redis.password",
            "REDIS_DB", "spring.data.redis.database");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> mapped = new LinkedHashMap<>();
        VARIABLES.forEach((variable, property) -> {
            String value = environment.getProperty(variable);
            if (value != null && !value.isEmpty()) {
                mapped.put(property, value);
            }
        });
        if (!mapped.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, mapped));
        }
    }
}
