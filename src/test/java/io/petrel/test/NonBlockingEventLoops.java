package io.petrel.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.blockhound.BlockHound;

/**
 * Installs BlockHound once per JVM and fails a test when any broker event loop thread ({@code mqtt-*})
 * made a blocking call while it ran, and a test class for blocking calls between its tests. Netty's own
 * BlockHound integration, loaded with the others on the class path, marks its event loop threads as
 * non-blocking; client libraries' threads are ignored, since they are not ours.
 *
 * <p>Violations are recorded in one list for the whole JVM and never cleared: a test class starts checking
 * from the end of the list as it finds it, and each check reports only what was recorded since the
 * previous one, so a class that provokes violations on purpose (without this extension) cannot hide
 * them from another class or leak them into it, and a violation fails the test during which it happened.
 */
public final class NonBlockingEventLoops implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private static final List<String> violations = new CopyOnWriteArrayList<>();
    /** How many violations were already reported (or skipped); test classes run one after the other. */
    private static int checkedUpTo;
    private static volatile boolean installed;

    /** Installs BlockHound (once); public for test classes that watch the event loops without this extension. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        BlockHound.builder()
                // Netty's integration marks its event loop threads non-blocking and allows its own waits.
                .loadIntegrations()
                .nonBlockingThreadPredicate(current -> current.or(NonBlockingEventLoops::isBrokerEventLoop))
                // Console logging is the one blocking write we accept on an event loop, for rare lines only: a
                // malformed packet, a connection closed before CONNECT. Connect and disconnect lines are written
                // by mqtt-events (ConnectionLogTests).
                .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "subAppend")
                .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes")
                // Netty's adaptive allocator briefly write-locks a spare magazine while it grows a magazine group
                // under contention: a critical section of a few instructions inside Netty, not I/O, and one
                // that Netty's own integration allows for its other allocator (PoolArena).
                .allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines")
                .blockingMethodCallback(method -> {
                    if (isBrokerEventLoop(Thread.currentThread())) {
                        violations.add(Thread.currentThread().getName() + ": " + method + callerInPetrel());
                    }
                })
                .install();
        installed = true;
    }

    /**
     * Where the blocking call came from, to point at the culprit: " in io.petrel.X.method(X.java:42)", or,
     * when no frame of ours is on the stack (a library's task), the innermost frames outside BlockHound.
     */
    private static String callerInPetrel() {
        List<StackWalker.StackFrame> stack = StackWalker.getInstance().walk(frames -> frames
                .filter(frame -> !frame.getClassName().startsWith("reactor.blockhound.")
                        && !frame.getClassName().equals(NonBlockingEventLoops.class.getName()))
                .toList());
        return stack.stream()
                .filter(frame -> frame.getClassName().startsWith("io.petrel."))
                .findFirst()
                .map(frame -> " in " + frame.toStackTraceElement())
                .orElseGet(() -> " in " + stack.stream().limit(12).map(frame -> frame.toStackTraceElement().toString())
                        .collect(Collectors.joining(" < ")));
    }

    private static boolean isBrokerEventLoop(Thread thread) {
        String name = thread.getName();
        return name.startsWith("mqtt-io") || name.startsWith("mqtt-accept");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
        skipEarlierViolations();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        assertNoneSinceLastCheck("between tests");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertNoneSinceLastCheck("during " + context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        assertNoneSinceLastCheck("after the last test");
    }

    /** Violations recorded before a class starts belong to another class (or were provoked on purpose). */
    private static synchronized void skipEarlierViolations() {
        checkedUpTo = violations.size();
    }

    private static synchronized void assertNoneSinceLastCheck(String when) {
        List<String> all = List.copyOf(violations); // a snapshot: event loops may add to the list meanwhile
        List<String> recent = all.subList(checkedUpTo, all.size());
        checkedUpTo += recent.size();
        assertThat(recent).as("blocking calls on broker event loops " + when).isEmpty();
    }

    /** Every blocking call BlockHound saw on a broker event loop in this JVM so far, oldest first. */
    public static List<String> violations() {
        return List.copyOf(violations);
    }
}
