/**
 * Sessions: subscriptions, the outbound in-flight window, the offline queue, and the registry that finds
 * and takes over sessions by client identifier. A session's state is confined to its owner executor.
 */
@NullMarked
package io.petrel.session;

import org.jspecify.annotations.NullMarked;
