/** Core message types: the application message, QoS and reason codes. No Netty, no Spring. */
@NullMarked
package io.petrel.message;

import org.jspecify.annotations.NullMarked;
