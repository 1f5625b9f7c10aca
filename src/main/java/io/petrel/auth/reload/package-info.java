/** Files (passwords, ACL, JSON Web Keys) that are read again when they change, without a restart. */
@NullMarked
package io.petrel.auth.reload;

import org.jspecify.annotations.NullMarked;
