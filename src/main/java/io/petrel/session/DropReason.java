package io.petrel.session;

/** Why a delivery to a session was given up. */
public enum DropReason {
    /** The session's queue was full (see {@link DropPolicy}). */
    QUEUE_FULL,
    /** A QoS 0 message for a session whose client is offline. */
    OFFLINE_QOS0,
    /** The message expiry interval passed before the message could be sent. */
    EXPIRED,
    /** The message is larger than the maximum packet size the client accepts. */
    TOO_LARGE,
    /** A {@code PublishInterceptor} dropped the message for this subscriber. */
    INTERCEPTED
}
