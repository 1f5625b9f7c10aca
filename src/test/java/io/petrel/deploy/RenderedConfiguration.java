package io.petrel.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * The {@code application.yml} the chart's ConfigMap holds, loaded the way Spring Boot loads it, so that its
 * keys can be bound to the broker's own properties classes.
 */
final class RenderedConfiguration {

    private final PropertySource<?> source;

    private RenderedConfiguration(PropertySource<?> source) {
        this.source = source;
    }

    static RenderedConfiguration of(ConfigMap configMap) {
        String yaml = configMap.getData().get("application.yml");
        try {
            List<PropertySource<?>> documents = new YamlPropertySourceLoader().load("application.yml",
                    new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
            return new RenderedConfiguration(documents.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of {@code key} as Spring Boot reads it (a String, Integer or Boolean), or null. */
    Object get(String key) {
        Object value = source.getProperty(key);
        return value == null ? null : value instanceof CharSequence text ? text.toString() : value;
    }

    /** Binds {@code prefix} to {@code type}, failing on any key under it the type does not have. */
    <T> T bindStrictly(String prefix, Class<T> type) {
        return new Binder(ConfigurationPropertySources.from(source))
                .bind(prefix, Bindable.of(type), new NoUnboundElementsBindHandler(BindHandler.DEFAULT)).get();
    }
}
