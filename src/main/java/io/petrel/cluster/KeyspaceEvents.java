package io.petrel.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis keyspace notifications for the {@code petrel:} keys, dispatched by key prefix. At start-up it turns
 * the notifications the cluster needs on ({@code CONFIG SET notify-keyspace-events}, merged with what is
 * already on) and then proves they arrive by writing a probe key: managed Redis services often refuse
 * {@code CONFIG} but have the notifications configured, and a Redis that neither allows the command nor sends
 * the events cannot run the cluster, so start-up fails with a message that says what to set.
 */
public final class KeyspaceEvents {

    /** Keyspace channel, generic (del), string (set), hash, expired. */
    static final String REQUIRED_FLAGS = "Kg$hx";

    private static final String PARAMETER = "notify-keyspace-events";

    /**
     * How long the start-up probe waits for its event: one arrives within milliseconds where notifications are
     * on, so waiting the whole start timeout would only delay the failure.
     */
    private static final Duration PROBE_WAIT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(KeyspaceEvents.class);

    private final RedisLink redis;
    private final String channelPrefix;
    private final Map<String, BiConsumer<String, String>> handlers = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> probes = new ConcurrentHashMap<>();

    /** @param database the Redis database whose notifications to receive (always 0 on Redis Cluster) */
    public KeyspaceEvents(RedisLink redis, int database) {
        this.redis = redis;
        this.channelPrefix = "__keyspace@" + database + "__:";
    }

    /** Calls {@code handler} with the key and the event name for every event on a key that starts with the prefix. */
    public void on(String keyPrefix, BiConsumer<String, String> handler) {
        handlers.put(keyPrefix, handler);
    }

    /**
     * Subscribes, makes sure the events arrive, and returns once they do; call it once at start-up, from a
     * thread that may wait.
     *
     * @throws IllegalStateException when Redis sends no keyspace notifications and they cannot be turned on
     */
    public void start(String probeKey, Duration timeout) {
        @Nullable String configProblem = null;
        try {
            await(enable().toCompletableFuture(), timeout, "turning on " + PARAMETER);
        } catch (IllegalStateException refused) {
            log.info("Could not check or set {} ({}); probing whether notifications arrive", PARAMETER,
                    refused.getMessage());
            configProblem = refused.getMessage();
        }
        await(redis.psubscribe(channelPrefix + Keys.PREFIX + "*", this::dispatch).toCompletableFuture(), timeout,
                "subscribing to keyspace notifications");
        CompletableFuture<Void> probe = new CompletableFuture<>();
        probes.put(probeKey, probe);
        try {
            await(redis.commands().psetex(probeKey, timeout.toMillis(), new byte[] {1}).toCompletableFuture(), timeout,
                    "writing the keyspace notification probe");
            try {
                probe.get(Math.min(timeout.toMillis(), PROBE_WAIT.toMillis()), TimeUnit.MILLISECONDS);
            } catch (TimeoutException noEvent) {
                throw new IllegalStateException("Redis sends no keyspace notifications, which cluster mode needs: set "
                        + PARAMETER + " to include '" + REQUIRED_FLAGS + "' (for example "
                        + PARAMETER + " KEA in redis.conf or your Redis service's parameters)"
                        + (configProblem == null ? "" : "; CONFIG SET was refused: " + configProblem));
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException("waiting for the keyspace notification probe failed", e);
            }
        } finally {
            probes.remove(probeKey);
            redis.commands().del(probeKey);
        }
    }

    /**
     * Turns the notifications on again where they are off, without waiting. A Redis that restarted (empty, with
     * the configuration of its own file) has forgotten what CONFIG SET changed, so every resync calls this; a
     * Redis that refuses CONFIG had the flags configured, which a restart keeps.
     */
    public void ensureEnabled() {
        enable().whenComplete((ignored, failure) -> {
            if (failure != null) {
                log.debug("Could not check or set {}: {}", PARAMETER, failure.getMessage());
            }
        });
    }

    /** Reads the flags of every master and, where one lacks a flag the cluster needs, sets them on all. */
    private CompletionStage<Void> enable() {
        return redis.configGet(PARAMETER).thenCompose(current -> {
            for (String flags : current) {
                String merged = merge(flags);
                if (!merged.equals(flags)) {
                    return redis.configSet(PARAMETER, merged).thenRun(() -> log.info(
                            "Turned on Redis keyspace notifications: {} {} (was '{}')", PARAMETER, merged, flags));
                }
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    /** The flags already on plus the ones the cluster needs ('A' already includes g, $, h and x). */
    static String merge(String current) {
        StringBuilder merged = new StringBuilder(current);
        for (char flag : REQUIRED_FLAGS.toCharArray()) {
            boolean coveredByAll = flag != 'K' && current.indexOf('A') >= 0;
            if (current.indexOf(flag) < 0 && !coveredByAll) {
                merged.append(flag);
            }
        }
        return merged.toString();
    }

    private void dispatch(String channel, String event) {
        if (!channel.startsWith(channelPrefix)) {
            return;
        }
        String key = channel.substring(channelPrefix.length());
        CompletableFuture<Void> probe = probes.get(key);
        if (probe != null) {
            probe.complete(null);
            return;
        }
        for (Map.Entry<String, BiConsumer<String, String>> handler : handlers.entrySet()) {
            if (key.startsWith(handler.getKey())) {
                try {
                    handler.getValue().accept(key, event);
                } catch (RuntimeException e) {
                    log.warn("Handling keyspace event {} on {} failed", event, key, e);
                }
                return;
            }
        }
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + ": no answer from Redis within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        }
    }
}
