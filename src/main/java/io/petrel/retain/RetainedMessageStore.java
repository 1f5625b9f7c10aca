package io.petrel.retain;

import io.petrel.message.Message;
import io.petrel.routing.TopicFilter;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Keeps the last retained message per topic. Implementations are thread-safe, never block the caller,
 * and find messages through an index of topic levels rather than a scan of every topic.
 */
public interface RetainedMessageStore {

    /** Stores or replaces the retained message of its topic; an empty payload deletes it [MQTT-3.3.1-10]. */
    CompletionStage<Void> put(Message message);

    /** The retained messages whose topics match the filter (wildcards included). */
    CompletionStage<List<Message>> find(TopicFilter filter);

    /** How many topics hold a retained message. */
    int size();
}
