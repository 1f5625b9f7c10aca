package io.petrel.config;

import io.petrel.auth.AnonymousAuthenticator;
import io.petrel.auth.Authenticator;
import io.petrel.auth.Authorizer;
import io.petrel.auth.DefaultAuthorizer;
import io.petrel.auth.builtin.BuiltInAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The default Authenticator (users, password file and JWT once configured, else anonymous clients from
 * loopback) and Authorizer (ACL rules once configured), each replaced by a bean of the user's, and the
 * mqtt-auth executor.
 */
@AutoConfiguration
@EnableConfigurationProperties(PetrelProperties.class)
public final class MqttAuthAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MqttAuthAutoConfiguration.class);

    /** The name of the executor that runs Authenticator calls. */
    public static final String AUTH_EXECUTOR = "mqttAuthExecutor";

    @Bean(destroyMethod = "close")
    AuthSources mqttAuthSources(PetrelProperties properties) {
        return new AuthSources(properties.getAuth());
    }

    @Bean
    @ConditionalOnMissingBean
    Authenticator authenticator(PetrelProperties properties, AuthSources sources) {
        boolean allowAnonymous = properties.getAuth().isAllowAnonymous();
        if (sources.credentialsConfigured()) {
            return new BuiltInAuthenticator(sources.users(), sources.jwt(), allowAnonymous);
        }
        if (!allowAnonymous) {
            log.warn("No users configured: anonymous MQTT clients are accepted from loopback addresses only. "
                    + "Add users (mqtt.auth.users.<name>.password with a hash from 'java -jar petrel.jar passwd', "
                    + "or mqtt.auth.password-file), configure JWT (mqtt.auth.jwt.*), declare an Authenticator "
                    + "bean, or set mqtt.auth.allow-anonymous=true to accept anonymous clients from every address.");
        }
        return new AnonymousAuthenticator(allowAnonymous);
    }

    @Bean
    @ConditionalOnMissingBean
    Authorizer authorizer(AuthSources sources) {
        return new DefaultAuthorizer(sources.acl());
    }

    @Bean(name = AUTH_EXECUTOR, destroyMethod = "close")
    @ConditionalOnMissingBean(name = AUTH_EXECUTOR)
    BoundedExecutor mqttAuthExecutor(PetrelProperties properties) {
        AuthProperties auth = properties.getAuth();
        return new BoundedExecutor(auth.getThreads(), auth.getQueueCapacity(), new CustomizableThreadFactory("mqtt-auth-"));
    }
}
