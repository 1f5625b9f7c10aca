/**
 * {@code $SYS} topics: mosquitto-style broker statistics, published retained on a timer, and EMQX-style
 * client lifecycle messages.
 */
@NullMarked
package io.petrel.sys;

import org.jspecify.annotations.NullMarked;
