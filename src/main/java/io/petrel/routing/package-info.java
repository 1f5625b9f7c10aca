/** Topic names and filters, the subscription tree and the router that fans a message out to subscribers. */
@NullMarked
package io.petrel.routing;

import org.jspecify.annotations.NullMarked;
