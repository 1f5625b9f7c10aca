package io.petrel.cluster;

import io.lettuce.core.ScriptOutputType;
import io.petrel.routing.Delivery;
import io.petrel.session.DropPolicy;
import io.petrel.session.SessionSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-client queues in Redis ({@code petrel:queue:{clientId}}) that hold QoS 1 and 2 messages for a
 * session no node holds in memory right now: its node died, or it is moving between nodes. Capped like a
 * session's queue in memory ({@code mqtt.session.max-queued-messages}, same drop policy). Each entry is a
 * {@link Forward} with one recipient, so it keeps the delivery's QoS, flags and subscription identifiers.
 */
public final class SessionQueues {

    /**
     * Appends to the queue of a session that still exists, within the cap; returns the session's node ("" when
     * none holds it), or false when there is no such session (the message has nobody to wait for).
     */
    private static final String PARK = """
            if redis.call('EXISTS', KEYS[1]) == 0 then
              return false
            end
            local length = redis.call('RPUSH', KEYS[2], ARGV[1])
            if length > tonumber(ARGV[2]) then
              if ARGV[3] == 'oldest' then redis.call('LPOP', KEYS[2]) else redis.call('RPOP', KEYS[2]) end
            end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl > 0 then
              redis.call('PEXPIRE', KEYS[2], ttl)
            end
            return redis.call('HGET', KEYS[1], 'node') or ''
            """;

    /** Takes the whole queue, oldest first. */
    private static final String DRAIN = """
            local entries = redis.call('LRANGE', KEYS[1], 0, -1)
            redis.call('DEL', KEYS[1])
            return entries
            """;

    private static final Logger log = LoggerFactory.getLogger(SessionQueues.class);

    private final RedisLink redis;
    private final byte[] maxLength;
    private final byte[] dropPolicy;
    private final LongAdder parked = new LongAdder();

    public SessionQueues(RedisLink redis, SessionSettings settings) {
        this.redis = redis;
        this.maxLength = Integer.toString(Math.max(1, settings.maxQueuedMessages())).getBytes(StandardCharsets.UTF_8);
        this.dropPolicy = (settings.dropPolicy() == DropPolicy.DROP_OLDEST ? "oldest" : "newest")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Queues a delivery for a client whose session no node holds in memory; completes with the node that owns
     * the session now ("" for none), or null when the session does not exist.
     */
    CompletionStage<@Nullable String> park(String clientId, Delivery delivery) {
        byte[] entry = new Forward(delivery.message(), List.of(new Forward.Recipient(clientId, delivery))).encode();
        return redis.commands().<byte @Nullable []>eval(PARK, ScriptOutputType.VALUE,
                        new String[] {Keys.session(clientId), Keys.queue(clientId)}, entry, maxLength, dropPolicy)
                .thenApply(node -> {
                    if (node == null) {
                        return null;
                    }
                    parked.increment();
                    return new String(node, StandardCharsets.UTF_8);
                });
    }

    /** Puts deliveries back at the head of a client's queue, in this order (a session handed over). */
    CompletionStage<Long> pushFront(String clientId, List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return CompletableFuture.completedFuture(0L);
        }
        byte[][] entries = new byte[deliveries.size()][];
        for (int i = 0; i < entries.length; i++) {
            Delivery delivery = deliveries.get(entries.length - 1 - i); // LPUSH reverses: push the last first
            entries[i] = new Forward(delivery.message(), List.of(new Forward.Recipient(clientId, delivery))).encode();
        }
        return redis.commands().lpush(Keys.queue(clientId), entries);
    }

    /** Takes every delivery queued for the client, oldest first. */
    CompletionStage<List<Delivery>> drain(String clientId) {
        return redis.commands().<List<byte[]>>eval(DRAIN, ScriptOutputType.MULTI, new String[] {Keys.queue(clientId)})
                .thenApply(entries -> {
                    List<Delivery> deliveries = new ArrayList<>(entries.size());
                    for (byte[] entry : entries) {
                        try {
                            deliveries.add(Forward.decode(entry).recipients().get(0).delivery());
                        } catch (IOException | RuntimeException unreadable) {
                            log.warn("Dropping an unreadable queued message of {}: {}", clientId, unreadable.getMessage());
                        }
                    }
                    return deliveries;
                });
    }

    /** Deliveries queued in Redis since start. */
    public long parked() {
        return parked.sum();
    }
}
