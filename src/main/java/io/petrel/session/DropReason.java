package io.petrel.session;

/** Why a delivery to a session was given up. */
public enum DropReason {
    /** The session's queue was full (see {@link DropPolicy}). */
    QUEUE_FULL,
    /** A QoS 0 message for a session whose client is offline. */
    OFFLINE_QOS0
}
