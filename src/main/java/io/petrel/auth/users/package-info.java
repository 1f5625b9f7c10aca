/** Users with hashed passwords and roles, from configuration or a password file, and the passwd command. */
@NullMarked
package io.petrel.auth.users;

import org.jspecify.annotations.NullMarked;
