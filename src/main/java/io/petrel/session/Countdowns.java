package io.petrel.session;

import io.petrel.message.Message;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The two countdowns of a session whose client is away: the will delay of a will held back, and the
 * session expiry interval. They are scheduled on the owner itself when it is a scheduler (a Netty event
 * loop schedules its own tasks without a lock), else on the shared timers; either way the work runs on
 * the session's owner. Confined to the session's owner thread.
 */
final class Countdowns {

    private final ScheduledExecutorService timers;
    private final Supplier<Executor> owner;
    private final Consumer<Runnable> onOwner;
    private @Nullable Message pendingWill;
    private @Nullable Consumer<Message> willPublisher;
    private @Nullable Future<?> willTimer;
    private @Nullable Future<?> expiryTimer;

    /** {@code onOwner} runs a task on the session's owner, wherever the session lives by then. */
    Countdowns(ScheduledExecutorService timers, Supplier<Executor> owner, Consumer<Runnable> onOwner) {
        this.timers = timers;
        this.owner = owner;
        this.onOwner = onOwner;
    }

    private ScheduledExecutorService scheduler() {
        return owner.get() instanceof ScheduledExecutorService ownScheduler ? ownScheduler : timers;
    }

    void holdWill(Message will, long delaySeconds, Consumer<Message> publisher) {
        pendingWill = will;
        willPublisher = publisher;
        willTimer = scheduler().schedule(() -> onOwner.accept(() -> publishWillIfStill(will)), delaySeconds,
                TimeUnit.SECONDS);
    }

    void startExpiry(long seconds, Runnable expire) {
        expiryTimer = scheduler().schedule(() -> onOwner.accept(expire), seconds, TimeUnit.SECONDS);
    }

    /** The client is back: no will goes out [MQTT-3.1.3-9], and the session no longer expires. */
    void cancel() {
        pendingWill = null;
        cancelTimers();
    }

    /** The session ends: a will still held goes out now, whatever its delay. */
    void sessionEnded() {
        cancelTimers();
        Message will = pendingWill;
        if (will != null) {
            publishWillIfStill(will);
        }
    }

    private void publishWillIfStill(Message will) {
        Consumer<Message> publisher = willPublisher;
        if (pendingWill == will && publisher != null) {
            pendingWill = null;
            publisher.accept(will);
        }
    }

    private void cancelTimers() {
        if (willTimer != null) {
            willTimer.cancel(false);
            willTimer = null;
        }
        if (expiryTimer != null) {
            expiryTimer.cancel(false);
            expiryTimer = null;
        }
    }
}
