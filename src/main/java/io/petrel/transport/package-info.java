/** Netty listeners: event loops, one bootstrap per listener, the channel pipeline, graceful stop. */
@NullMarked
package io.petrel.transport;

import org.jspecify.annotations.NullMarked;
