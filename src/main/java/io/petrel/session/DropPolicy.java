package io.petrel.session;

/** Which message a full session queue gives up. */
public enum DropPolicy {
    /** Drop the oldest queued message to make room: the client receives the freshest data. */
    DROP_OLDEST,
    /** Refuse the new message: the client receives what was queued first. */
    DROP_NEWEST
}
