package io.petrel.config;

import io.petrel.intercept.PublishInterceptor;
import io.petrel.intercept.PublishInterceptors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** The chain of the application's {@link PublishInterceptor} beans, in {@code @Order}. */
@AutoConfiguration
public final class MqttInterceptAutoConfiguration {

    @Bean
    PublishInterceptors publishInterceptors(ObjectProvider<PublishInterceptor> interceptors) {
        return new PublishInterceptors(interceptors.orderedStream().toList());
    }
}
