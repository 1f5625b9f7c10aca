package io.petrel.protocol;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client identifiers the broker assigns: a random prefix drawn once per process plus a counter, so that
 * ids are unique across restarts and nodes. Neither part touches the secure random source, which may read
 * /dev/urandom (a blocking call) on the event loop that first assigns an id; the ids are not secrets.
 */
final class AssignedClientIds {

    private static final String PREFIX =
            "petrel-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + "-";
    private static final AtomicLong counter = new AtomicLong();

    private AssignedClientIds() {}

    static String next() {
        return PREFIX + counter.incrementAndGet();
    }
}
