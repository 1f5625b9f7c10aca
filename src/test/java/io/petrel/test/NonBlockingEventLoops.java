package io.petrel.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.blockhound.BlockHound;

/**
 * Installs BlockHound once per JVM and fails a test class when any broker event loop thread
 * ({@code mqtt-*}) made a blocking call while it ran. Netty's own BlockHound integration marks its event
 * loop threads as non-blocking; client libraries' threads are ignored, since they are not ours.
 */
public final class NonBlockingEventLoops implements BeforeAllCallback, AfterAllCallback {

    private static final List<String> violations = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;

    static synchronized void install() {
        if (installed) {
            return;
        }
        BlockHound.builder()
                // Console logging is the one blocking write we accept on an event loop (one line per connection).
                .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "subAppend")
                .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes")
                .blockingMethodCallback(method -> {
                    String thread = Thread.currentThread().getName();
                    if (thread.startsWith("mqtt-io") || thread.startsWith("mqtt-accept")) {
                        violations.add(thread + ": " + method);
                    }
                })
                .install();
        installed = true;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
        violations.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        assertThat(violations).as("blocking calls on broker event loops").isEmpty();
    }

    /** Whether BlockHound saw a blocking call on a broker event loop so far; for the test that proves it works. */
    public static List<String> violations() {
        return List.copyOf(violations);
    }
}
