package io.petrel.config;

import io.petrel.auth.scram.ScramCredential;
import io.petrel.auth.scram.ScramCredentials;
import io.petrel.auth.scram.ScramSha256Authenticator;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * MQTT 5 enhanced authentication: SCRAM-SHA-256 when users are configured ({@code mqtt.auth.scram.users}) or a
 * {@link ScramCredentials} bean supplies them. Every EnhancedAuthenticator bean, this one or the user's,
 * reaches the broker by its authentication methods.
 */
@AutoConfiguration(before = MqttServerAutoConfiguration.class)
@EnableConfigurationProperties(ScramProperties.class)
public final class MqttEnhancedAuthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @Conditional(ScramUsersConfigured.class)
    ScramCredentials scramCredentials(ScramProperties properties) {
        Map<String, ScramCredential> users = credentials(properties);
        return users::get;
    }

    @Bean
    @ConditionalOnBean(ScramCredentials.class)
    @ConditionalOnMissingBean
    ScramSha256Authenticator scramSha256Authenticator(ScramCredentials credentials) {
        return new ScramSha256Authenticator(credentials);
    }

    /** The configured users' credentials; a user with neither or both of password and credential fails start-up. */
    static Map<String, ScramCredential> credentials(ScramProperties properties) {
        SecureRandom random = new SecureRandom();
        Map<String, ScramCredential> credentials = new HashMap<>();
        properties.getUsers().forEach((name, user) -> {
            String property = "mqtt.auth.scram.users." + name;
            if ((user.getPassword() == null) == (user.getCredential() == null)) {
                throw new IllegalArgumentException(property + " needs exactly one of password and credential");
            }
            try {
                credentials.put(name, user.getCredential() != null ? ScramCredential.parse(user.getCredential())
                        : ScramCredential.fromPassword(user.getPassword(), properties.getIterations(), random));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
            }
        });
        return Map.copyOf(credentials);
    }

    /** Matches when at least one user is configured under {@code mqtt.auth.scram.users}. */
    static final class ScramUsersConfigured extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            boolean configured = Binder.get(context.getEnvironment())
                    .bind("mqtt.auth.scram.users", Bindable.mapOf(String.class, ScramProperties.User.class))
                    .map(users -> !users.isEmpty())
                    .orElse(false);
            return configured ? ConditionOutcome.match("SCRAM users are configured")
                    : ConditionOutcome.noMatch("no mqtt.auth.scram.users");
        }
    }
}
