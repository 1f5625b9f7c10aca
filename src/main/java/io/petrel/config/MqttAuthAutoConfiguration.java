package io.petrel.config;

import io.petrel.auth.AnonymousAuthenticator;
import io.petrel.auth.Authenticator;
import io.petrel.auth.Authorizer;
import io.petrel.auth.DefaultAuthorizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/** The default Authenticator and Authorizer, each replaced by a bean of the user's, and the mqtt-auth executor. */
@AutoConfiguration
@EnableConfigurationProperties(PetrelProperties.class)
public final class MqttAuthAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MqttAuthAutoConfiguration.class);

    /** The name of the executor that runs Authenticator calls. */
    public static final String AUTH_EXECUTOR = "mqttAuthExecutor";

    @Bean
    @ConditionalOnMissingBean
    Authenticator authenticator(PetrelProperties properties) {
        if (!properties.getAuth().isAllowAnonymous()) {
            log.warn("No Authenticator bean: anonymous MQTT clients are accepted from loopback addresses only. "
                    + "Declare an Authenticator bean to check credentials, or set mqtt.auth.allow-anonymous=true "
                    + "to accept anonymous clients from every address.");
        }
        return new AnonymousAuthenticator(properties.getAuth().isAllowAnonymous());
    }

    @Bean
    @ConditionalOnMissingBean
    Authorizer authorizer() {
        return new DefaultAuthorizer();
    }

    @Bean(name = AUTH_EXECUTOR, destroyMethod = "close")
    @ConditionalOnMissingBean(name = AUTH_EXECUTOR)
    BoundedExecutor mqttAuthExecutor(PetrelProperties properties) {
        PetrelProperties.Auth auth = properties.getAuth();
        return new BoundedExecutor(auth.getThreads(), auth.getQueueCapacity(), new CustomizableThreadFactory("mqtt-auth-"));
    }
}
