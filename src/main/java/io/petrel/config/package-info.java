/** Configuration properties and the auto-configurations that wire the default beans. */
@NullMarked
package io.petrel.config;

import org.jspecify.annotations.NullMarked;
