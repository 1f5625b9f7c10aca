/** ACL files: mosquitto's acl_file format. */
@NullMarked
package io.petrel.auth.acl;

import org.jspecify.annotations.NullMarked;
