/**
 * Lifecycle events (connections, sessions, subscriptions, message deliveries) as plain records, and the
 * sink the broker emits them into; Spring's {@code @EventListener}s receive them through an adapter in
 * {@code config}.
 */
@NullMarked
package io.petrel.event;

import org.jspecify.annotations.NullMarked;
