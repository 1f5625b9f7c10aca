/** The built-in Authenticator that combines JWT, users and the anonymous policy. */
@NullMarked
package io.petrel.auth.builtin;

import org.jspecify.annotations.NullMarked;
