package io.petrel.cluster;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * This node's connections to Redis, over a standalone server, Sentinel or Redis Cluster alike: one
 * multiplexed connection for commands, one for keyspace notifications (subscribed on every master, since
 * notifications are local to each master in Redis Cluster), and dedicated connections for blocking reads.
 * Every call is asynchronous. Keys are UTF-8 strings and values raw bytes.
 */
public final class RedisLink implements AutoCloseable {

    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final AbstractRedisClient client;
    private final StatefulConnection<String, byte[]> connection;
    private final RedisClusterAsyncCommands<String, byte[]> commands;
    private final List<StatefulConnection<?, ?>> opened = new ArrayList<>();

    private RedisLink(AbstractRedisClient client) {
        this.client = client;
        if (client instanceof RedisClusterClient cluster) {
            StatefulRedisClusterConnection<String, byte[]> clusterConnection = cluster.connect(CODEC);
            this.connection = clusterConnection;
            this.commands = clusterConnection.async();
        } else {
            var standalone = ((RedisClient) client).connect(CODEC);
            this.connection = standalone;
            this.commands = standalone.async();
        }
        opened.add(connection);
    }

    /** Opens the command connection; the client comes from Spring Data Redis's Lettuce connection factory. */
    public static RedisLink open(AbstractRedisClient client) {
        return new RedisLink(client);
    }

    /** The shared command connection (pipelined: callers never wait on each other). */
    public RedisClusterAsyncCommands<String, byte[]> commands() {
        return commands;
    }

    /** A connection of its own, for a command that blocks the connection (XREADGROUP ... BLOCK). */
    public RedisClusterAsyncCommands<String, byte[]> dedicatedConnection() {
        if (client instanceof RedisClusterClient cluster) {
            StatefulRedisClusterConnection<String, byte[]> own = cluster.connect(CODEC);
            opened.add(own);
            return own.async();
        }
        var own = ((RedisClient) client).connect(CODEC);
        opened.add(own);
        return own.async();
    }

    /**
     * Subscribes to a channel pattern on every master; {@code listener} gets the channel and the message as
     * text, on a Lettuce thread. Lettuce subscribes again by itself after a reconnect.
     */
    public CompletionStage<Void> psubscribe(String pattern, BiConsumer<String, String> listener) {
        RedisPubSubAdapter<String, byte[]> adapter = new RedisPubSubAdapter<>() {
            @Override
            public void message(String subscribed, String channel, byte[] message) {
                listener.accept(channel, new String(message, StandardCharsets.UTF_8));
            }
        };
        if (client instanceof RedisClusterClient cluster) {
            StatefulRedisClusterPubSubConnection<String, byte[]> pubSub = cluster.connectPubSub(CODEC);
            opened.add(pubSub);
            pubSub.setNodeMessagePropagation(true);
            pubSub.addListener(adapter);
            return pubSub.async().masters().commands().psubscribe(pattern).thenApply(ignored -> null);
        }
        StatefulRedisPubSubConnection<String, byte[]> pubSub = ((RedisClient) client).connectPubSub(CODEC);
        opened.add(pubSub);
        pubSub.addListener(adapter);
        return pubSub.async().psubscribe(pattern).thenApply(ignored -> null);
    }

    /**
     * Walks every key that matches the pattern (on every master of a Redis Cluster), {@code batch} keys a
     * page, handing each page to {@code keys} on a Lettuce thread; completes after the last page. A key
     * added or removed during the walk may or may not be seen.
     */
    public CompletionStage<Void> scan(String pattern, int batch, Consumer<List<String>> keys) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        scan(ScanCursor.INITIAL, ScanArgs.Builder.matches(pattern).limit(batch), keys, done);
        return done;
    }

    private void scan(ScanCursor cursor, ScanArgs args, Consumer<List<String>> keys, CompletableFuture<Void> done) {
        commands.scan(cursor, args).whenComplete((KeyScanCursor<String> page, Throwable failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure);
                return;
            }
            try {
                keys.accept(page.getKeys());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                return;
            }
            if (page.isFinished()) {
                done.complete(null);
            } else {
                scan(page, args, keys, done);
            }
        });
    }

    /** A configuration parameter as each master reports it. */
    public CompletionStage<List<String>> configGet(String parameter) {
        if (connection instanceof StatefulRedisClusterConnection<String, byte[]> cluster) {
            return cluster.async().masters().commands().configGet(parameter)
                    .thenApply(replies -> replies.stream().map(reply -> reply.getOrDefault(parameter, "")).toList());
        }
        return commands.configGet(parameter).thenApply(reply -> List.of(reply.getOrDefault(parameter, "")));
    }

    /** Sets a configuration parameter on every master. */
    public CompletionStage<Void> configSet(String parameter, String value) {
        if (connection instanceof StatefulRedisClusterConnection<String, byte[]> cluster) {
            return cluster.async().masters().commands().configSet(parameter, value).thenApply(ignored -> null);
        }
        return commands.configSet(Map.of(parameter, value)).thenApply(ignored -> null);
    }

    /** Told when any connection of this node's Redis client connects or disconnects (Redis outages). */
    public void addStateListener(RedisConnectionStateListener listener) {
        client.addListener(listener);
    }

    public void removeStateListener(RedisConnectionStateListener listener) {
        client.removeListener(listener);
    }

    @Override
    public void close() {
        // Spring Data Redis may have shut the client down first, which closed these connections with it.
        CompletableFuture.allOf(opened.stream().filter(StatefulConnection::isOpen).map(StatefulConnection::closeAsync)
                .toArray(CompletableFuture[]::new)).join();
    }
}
