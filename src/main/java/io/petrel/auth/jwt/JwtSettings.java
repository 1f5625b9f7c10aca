package io.petrel.auth.jwt;

import com.nimbusds.jose.jwk.JWKSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * How JWT passwords are checked.
 *
 * @param secret the HS256 secret, at least 32 bytes; null when tokens are signed with keys only
 * @param keys the public keys for RS256 and ES256 (a JWKS file, reloaded when it changes); null for none
 * @param issuer the {@code iss} a token must carry; null to accept any
 * @param audience a value the token's {@code aud} must contain; null to accept any
 * @param usernameClaim the claim that holds the user name; a token without it keeps CONNECT's user name
 * @param rolesClaim the claim that holds the roles: an array of strings, or one string separated by spaces
 *     or commas
 * @param aclClaim the claim that holds the client's own ACL rules, an array of objects with {@code
 *     permission}, {@code action}, {@code topic} and optional {@code qos}; null to ignore
 */
public record JwtSettings(byte @Nullable [] secret, @Nullable Supplier<JWKSet> keys, @Nullable String issuer,
        @Nullable String audience, String usernameClaim, String rolesClaim, @Nullable String aclClaim) {

    /** HS256 needs a key at least as long as its hash (RFC 7518, 3.2). */
    static final int MIN_SECRET_BYTES = 32;

    public JwtSettings {
        if (secret == null && keys == null) {
            throw new IllegalArgumentException("JWT authentication needs a secret or a JWKS file");
        }
        if (secret != null && secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the JWT secret must have at least " + MIN_SECRET_BYTES
                    + " bytes (256 bits) for HS256, not " + secret.length);
        }
    }
}
