package io.petrel.extension;

import io.petrel.auth.Authenticator;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.AliasFor;

/**
 * A third-party extension as an operator would ship it: one {@code @AutoConfiguration} compiled at test
 * time against Petrel's classes, listed in {@code AutoConfiguration.imports}, packed into a jar.
 */
final class ExtensionJar {

    static final String AUTO_CONFIGURATION = "com.example.petrel.BlockedUsersExtension";

    /** The reason string the extension's authenticator refuses with: only the extension can send it. */
    static final String REFUSAL = "blocked by the extension";

    private static final String SOURCE = """
            package com.example.petrel;

            import io.petrel.auth.AuthenticationResult;
            import io.petrel.auth.Authenticator;
            import io.petrel.message.ReasonCode;
            import org.springframework.boot.autoconfigure.AutoConfiguration;
            import org.springframework.context.annotation.Bean;

            @AutoConfiguration(beforeName = "io.petrel.config.MqttAuthAutoConfiguration")
            public class BlockedUsersExtension {

                @Bean
                Authenticator blockedUsersAuthenticator() {
                    return request -> "blocked".equals(request.username())
                            ? AuthenticationResult.refuse(ReasonCode.NOT_AUTHORIZED, "%s")
                            : AuthenticationResult.accept();
                }
            }
            """.formatted(REFUSAL);

    private ExtensionJar() {}

    /** Compiles the extension in {@code workDir} and writes it as {@code jar}. */
    static Path write(Path workDir, Path jar) throws IOException {
        Path sources = Files.createDirectories(workDir.resolve("src/com/example/petrel"));
        Path classes = Files.createDirectories(workDir.resolve("classes"));
        Path source = Files.writeString(sources.resolve("BlockedUsersExtension.java"), SOURCE);
        compile(source, classes);
        Path imports = Files.createDirectories(classes.resolve("META-INF/spring"))
                .resolve("org.springframework.boot.autoconfigure.AutoConfiguration.imports");
        Files.writeString(imports, AUTO_CONFIGURATION + "\n");
        Files.createDirectories(jar.getParent());
        pack(classes, jar);
        return jar;
    }

    private static void compile(Path source, Path classes) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null,
                List.of("--release", "17", "-proc:none", "-classpath", compileClasspath(), "-d", classes.toString()),
                null, javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(source))
                .call();
        if (!compiled) {
            throw new IllegalStateException("the extension does not compile:\n" + diagnostics);
        }
    }

    /** Petrel's classes and the Spring jars the extension's annotations come from. */
    private static String compileClasspath() {
        List<String> entries = new ArrayList<>();
        for (Class<?> type : List.of(Authenticator.class, AutoConfiguration.class, Bean.class, AliasFor.class)) {
            try {
                entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void pack(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                Stream<Path> files = Files.walk(classes)) {
            for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
    }
}
