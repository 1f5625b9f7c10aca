/**
 * SCRAM-SHA-256 (RFC 5802, RFC 7677) as an MQTT 5 enhanced authentication method, without channel binding.
 */
@NullMarked
package io.petrel.auth.scram;

import org.jspecify.annotations.NullMarked;
