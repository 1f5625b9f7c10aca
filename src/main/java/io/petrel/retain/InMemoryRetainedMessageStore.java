package io.petrel.retain;

import io.petrel.message.Message;
import io.petrel.routing.TopicFilter;
import io.petrel.routing.TopicName;
import io.petrel.routing.TopicTrie;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/** Retained messages in a topic tree in this process; a lookup walks only the branches a filter can match. */
public final class InMemoryRetainedMessageStore implements RetainedMessageStore {

    private final TopicTrie<Message> trie = new TopicTrie<>();
    private final AtomicInteger size = new AtomicInteger();

    @Override
    public CompletionStage<Void> put(Message message) {
        boolean clear = message.payload().length == 0;
        Message[] replaced = {null};
        trie.compute(TopicName.levels(message.topic()), current -> {
            replaced[0] = current;
            return clear ? null : message;
        });
        if (replaced[0] == null && !clear) {
            size.incrementAndGet();
        } else if (replaced[0] != null && clear) {
            size.decrementAndGet();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<Message>> find(TopicFilter filter) {
        List<Message> found = new ArrayList<>();
        collect(trie.root(), filter.levels(), 0, found);
        return CompletableFuture.completedFuture(found);
    }

    private static void collect(TopicTrie.Node<Message> node, String[] filter, int index, List<Message> found) {
        if (index == filter.length) {
            addValue(node, found);
            return;
        }
        String level = filter[index];
        if (level.equals("#")) {
            addValue(node, found); // "a/#" matches "a" itself
            for (TopicTrie.Node<Message> child : node.children()) {
                if (index > 0 || !TopicName.isReserved(child.level())) { // [MQTT-4.7.2-1]
                    collectAll(child, found);
                }
            }
        } else if (level.equals("+")) {
            for (TopicTrie.Node<Message> child : node.children()) {
                if (index > 0 || !TopicName.isReserved(child.level())) {
                    collect(child, filter, index + 1, found);
                }
            }
        } else {
            TopicTrie.Node<Message> child = node.child(level);
            if (child != null) {
                collect(child, filter, index + 1, found);
            }
        }
    }

    private static void collectAll(TopicTrie.Node<Message> node, List<Message> found) {
        addValue(node, found);
        for (TopicTrie.Node<Message> child : node.children()) {
            collectAll(child, found);
        }
    }

    private static void addValue(TopicTrie.Node<Message> node, List<Message> found) {
        Message message = node.value();
        if (message != null) {
            found.add(message);
        }
    }

    @Override
    public int size() {
        return size.get();
    }
}
