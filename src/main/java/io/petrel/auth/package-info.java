/** Authentication and authorization extension points and their defaults. */
@NullMarked
package io.petrel.auth;

import org.jspecify.annotations.NullMarked;
