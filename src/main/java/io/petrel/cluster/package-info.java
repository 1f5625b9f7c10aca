/**
 * Cluster mode on Redis: this node's heartbeat, subscription sync driven by keyspace notifications,
 * forwarding of messages to the nodes that own matching sessions, and retained messages kept in Redis. None
 * of it is created unless {@code mqtt.cluster.enabled} is true.
 */
@NullMarked
package io.petrel.cluster;

import org.jspecify.annotations.NullMarked;
