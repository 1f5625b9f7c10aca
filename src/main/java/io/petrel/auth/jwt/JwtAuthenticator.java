package io.petrel.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.petrel.auth.AuthenticationResult;
import io.petrel.auth.ConnectRequest;
import io.petrel.message.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a JSON Web Token carried as the CONNECT password: its signature (HS256 with the shared secret, or
 * RS256 / ES256 with a key from the JWKS file, found by {@code kid} and algorithm), that it carries an
 * expiry, that it has not expired and is not used before {@code nbf} (a minute of clock skew is allowed),
 * and its issuer and audience when they are configured. Its claims give the user name, the roles and
 * optionally the client's own ACL rules.
 */
public final class JwtAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(JwtAuthenticator.class);

    private final JwtSettings settings;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final @Nullable JWK secretKey;

    public JwtAuthenticator(JwtSettings settings) {
        this.settings = settings;
        this.secretKey = settings.secret() == null ? null : new OctetSequenceKey.Builder(settings.secret()).build();
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        if (settings.secret() != null) {
            algorithms.add(JWSAlgorithm.HS256);
        }
        if (settings.keys() != null) {
            algorithms.add(JWSAlgorithm.RS256);
            algorithms.add(JWSAlgorithm.ES256);
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms,
                (selector, context) -> selector.select(keys())));
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (settings.issuer() != null) {
            exact.issuer(settings.issuer());
        }
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                settings.audience() == null ? null : Set.of(settings.audience()), exact.build(), Set.of("exp"), null));
    }

    /** Whether a password has the shape of a signed JWT: three Base64url parts separated by dots. */
    public static boolean looksLikeJwt(byte[] password) {
        int dots = 0;
        for (byte b : password) {
            if (b == '.') {
                dots++;
            } else if (!(b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' || b == '_')) {
                return false;
            }
        }
        return dots == 2 && password.length > 2;
    }

    /** Accepts the client with the token's identity, or refuses it with 0x86 bad user name or password. */
    public AuthenticationResult authenticate(ConnectRequest request, byte[] token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(new String(token, StandardCharsets.US_ASCII), null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            log.info("Refused the token of client {} from {}: {}", request.clientId(), request.remoteAddress(),
                    e.getMessage());
            return AuthenticationResult.refuse(ReasonCode.BAD_USER_NAME_OR_PASSWORD, "invalid token: " + e.getMessage());
        }
        try {
            String username = claims.getStringClaim(settings.usernameClaim());
            AuthenticationResult accepted = AuthenticationResult.accept()
                    .withUsername(username == null ? request.username() : username)
                    .withRoles(JwtClaims.roles(claims.getClaim(settings.rolesClaim())));
            return settings.aclClaim() == null || claims.getClaim(settings.aclClaim()) == null ? accepted
                    : accepted.withPermissions(JwtClaims.permissions(claims.getClaim(settings.aclClaim())));
        } catch (ParseException | IllegalArgumentException e) {
            return AuthenticationResult.refuse(ReasonCode.BAD_USER_NAME_OR_PASSWORD,
                    "invalid token claims: " + e.getMessage());
        }
    }

    /** The secret and the keys of the JWKS file as it is now. */
    private JWKSet keys() {
        List<JWK> keys = new ArrayList<>();
        if (secretKey != null) {
            keys.add(secretKey);
        }
        if (settings.keys() != null) {
            keys.addAll(settings.keys().get().getKeys());
        }
        return new JWKSet(keys);
    }
}
