/** JSON Web Tokens as MQTT passwords: HS256, or RS256 and ES256 with keys from a JWKS file. */
@NullMarked
package io.petrel.auth.jwt;

import org.jspecify.annotations.NullMarked;
