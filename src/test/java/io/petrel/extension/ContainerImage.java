package io.petrel.extension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the repository's {@code Dockerfile} tells a container to do, read from the file itself: the
 * layer order, the entrypoint, the {@code JAVA_OPTS} default and the health check command. There is no
 * container engine here, so tests run these on the host against the same extracted layers.
 */
record ContainerImage(List<String> layers, List<String> entrypoint, String javaOpts, List<String> healthCheck) {

    private static final Pattern LAYER = Pattern.compile("^COPY --from=build /layers/([a-z-]+)/ \\./$",
            Pattern.MULTILINE);
    private static final Pattern ENTRYPOINT = Pattern.compile("^ENTRYPOINT (\\[.*])$", Pattern.MULTILINE);
    private static final Pattern JAVA_OPTS = Pattern.compile("^ENV JAVA_OPTS=\"([^\"]*)\"$", Pattern.MULTILINE);
    private static final Pattern HEALTH_CHECK = Pattern.compile("^HEALTHCHECK .* CMD (\\[.*])$", Pattern.MULTILINE);

    static ContainerImage read(Path dockerfile) throws IOException {
        // Instructions continue over lines ending in a backslash.
        String text = Files.readString(dockerfile).replaceAll("\\\\\\n\\s*", "");
        JsonMapper json = JsonMapper.builder().build();
        return new ContainerImage(LAYER.matcher(text).results().map(layer -> layer.group(1)).toList(),
                List.of(json.readValue(only(ENTRYPOINT, text), String[].class)),
                only(JAVA_OPTS, text),
                List.of(json.readValue(only(HEALTH_CHECK, text), String[].class)));
    }

    private static String only(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("the Dockerfile has no line matching " + pattern);
        }
        return matcher.group(1);
    }
}
