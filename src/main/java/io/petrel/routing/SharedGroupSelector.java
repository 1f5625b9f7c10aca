package io.petrel.routing;

import io.petrel.message.Message;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Picks the one member of a shared subscription group that receives a message: the strategy proposes a
 * starting member, and the first connected member from there wins, so offline members only receive
 * messages (into their queues) when nobody in the group is connected. Thread-safe.
 */
final class SharedGroupSelector {

    private final SharedSubscriptionStrategy strategy;
    private final Map<String, AtomicInteger> cursors = new ConcurrentHashMap<>();
    private final Map<String, String> stickyMembers = new ConcurrentHashMap<>();

    SharedGroupSelector(SharedSubscriptionStrategy strategy) {
        this.strategy = strategy;
    }

    /** {@code group} identifies the group and filter ({@code $share/g/filter}); members is not empty. */
    Subscription select(String group, List<Subscription> members, Message message, Predicate<String> connected) {
        int size = members.size();
        int start = switch (strategy) {
            case ROUND_ROBIN -> Math.floorMod(cursor(group).getAndIncrement(), size);
            case RANDOM -> ThreadLocalRandom.current().nextInt(size);
            case HASH -> Math.floorMod((message.origin() != null ? message.origin() : message.topic()).hashCode(), size);
            case STICKY -> stickyStart(group, members, connected);
        };
        for (int i = 0; i < size; i++) {
            Subscription member = members.get((start + i) % size);
            if (connected.test(member.clientId())) {
                remember(group, member);
                return member;
            }
        }
        return members.get(start);
    }

    private AtomicInteger cursor(String group) {
        return cursors.computeIfAbsent(group, key -> new AtomicInteger());
    }

    private int stickyStart(String group, List<Subscription> members, Predicate<String> connected) {
        String sticky = stickyMembers.get(group);
        for (int i = 0; sticky != null && i < members.size(); i++) {
            if (members.get(i).clientId().equals(sticky) && connected.test(sticky)) {
                return i;
            }
        }
        return Math.floorMod(cursor(group).getAndIncrement(), members.size());
    }

    private void remember(String group, Subscription member) {
        if (strategy == SharedSubscriptionStrategy.STICKY) {
            stickyMembers.put(group, member.clientId());
        }
    }
}
