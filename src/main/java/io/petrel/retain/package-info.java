/** Retained messages: one per topic, found by topic filter through a topic tree. */
@NullMarked
package io.petrel.retain;

import org.jspecify.annotations.NullMarked;
