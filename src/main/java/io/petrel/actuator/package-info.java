/** Operations: health indicators for Spring Boot Actuator. */
@NullMarked
package io.petrel.actuator;

import org.jspecify.annotations.NullMarked;
