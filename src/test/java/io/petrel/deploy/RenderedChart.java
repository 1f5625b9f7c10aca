package io.petrel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.petrel.test.FileTrees;
import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The manifests {@code helm template} renders from {@code helm/petrel}, each parsed into the fabric8
 * Kubernetes model. Parsing is strict: a key the model does not know (a typo, a field at the wrong level)
 * lands in some object's additional properties, and {@link #render} fails on it. Kinds fabric8 has no
 * model for (the ServiceMonitor) come back as {@link GenericKubernetesResource} for checks by hand.
 */
final class RenderedChart {

    static final Path CHART = Path.of("helm/petrel");

    /** The Kubernetes version rendered for (helm-java assumes 1.20, below the chart's kubeVersion). */
    static final String KUBERNETES_VERSION = "1.33.0";

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final List<HasMetadata> objects;

    private RenderedChart(List<HasMetadata> objects) {
        this.objects = objects;
    }

    /** Renders with {@code --set key=value} for each pair of {@code keysAndValues}. */
    static RenderedChart render(Object... keysAndValues) {
        return render(command -> set(command, keysAndValues));
    }

    private static TemplateCommand set(TemplateCommand command, Object... keysAndValues) {
        for (int i = 0; i < keysAndValues.length; i += 2) {
            command.set((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return command;
    }

    static RenderedChart render(UnaryOperator<TemplateCommand> values) {
        return render(CHART, values);
    }

    /**
     * Renders the chart's hooks too. helm-java's template leaves hooks out, so this renders a copy of the
     * chart in {@code workDir} whose hook annotations are renamed, which makes them ordinary manifests.
     */
    static RenderedChart renderWithHooks(Path workDir, Object... keysAndValues) throws IOException {
        Path copy = workDir.resolve("petrel");
        FileTrees.copy(CHART, copy);
        try (Stream<Path> tests = Files.list(copy.resolve("templates/tests"))) {
            for (Path test : tests.toList()) {
                Files.writeString(test, Files.readString(test).replace("helm.sh/hook", "petrel.test/hook"));
            }
        }
        return render(copy, command -> set(command, keysAndValues));
    }

    private static RenderedChart render(Path chart, UnaryOperator<TemplateCommand> values) {
        String manifests = values.apply(new Helm(chart).template().withName("petrel").withNamespace("mqtt")
                .withKubeVersion(KUBERNETES_VERSION)).call();
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(manifests)) {
            if (document.lines().anyMatch(line -> !line.isBlank() && !line.startsWith("#"))) {
                HasMetadata object = SERIALIZATION.unmarshal(document);
                if (!(object instanceof GenericKubernetesResource)) {
                    assertThat(unknownFields(object, object.getKind() + " " + object.getMetadata().getName()))
                            .as("keys the Kubernetes model does not know").isEmpty();
                }
                objects.add(object);
            }
        }
        return new RenderedChart(objects);
    }

    Set<String> kinds() {
        Set<String> kinds = new TreeSet<>();
        objects.forEach(object -> kinds.add(object.getKind()));
        return kinds;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        return all(type).stream().filter(object -> object.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name + " in " + objects));
    }

    /** An object of a kind the model does not cover, as nested maps. */
    GenericKubernetesResource unmodeled(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(object -> object.getKind().equals(kind))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " in " + kinds()));
    }

    /** Paths of additional properties anywhere in the object graph of a fabric8 model object. */
    private static List<String> unknownFields(Object object, String path) {
        List<String> unknown = new ArrayList<>();
        if (object instanceof Map<?, ?> map) {
            map.forEach((key, value) -> unknown.addAll(unknownFields(value, path + "." + key)));
        } else if (object instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                unknown.addAll(unknownFields(item, path + "[" + index++ + "]"));
            }
        } else if (object != null && object.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            for (PropertyDescriptor property : properties(object.getClass())) {
                Object value = read(property, object);
                if (property.getName().equals("additionalProperties")) {
                    ((Map<?, ?>) value).keySet().forEach(key -> unknown.add(path + "." + key));
                } else {
                    unknown.addAll(unknownFields(value, path + "." + property.getName()));
                }
            }
        }
        return unknown;
    }

    private static List<PropertyDescriptor> properties(Class<?> type) {
        try {
            return List.of(Introspector.getBeanInfo(type, Object.class).getPropertyDescriptors()).stream()
                    .filter(property -> property.getReadMethod() != null).toList();
        } catch (IntrospectionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object read(PropertyDescriptor property, Object object) {
        try {
            return property.getReadMethod().invoke(object);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + property.getName() + " of " + object.getClass(), e);
        }
    }
}
