/**
 * The MQTT protocol on one channel: CONNECT state, one flow class per packet family, conversion between
 * Netty's codec messages and core types. Netty codec types stop here.
 */
@NullMarked
package io.petrel.protocol;

import org.jspecify.annotations.NullMarked;
