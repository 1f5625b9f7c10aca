package io.petrel.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Signed test tokens: HS256 with a secret, RS256 and ES256 with keys generated here, and their JWKS. */
public final class Tokens {

    public static final String SECRET = "a-test-secret-of-at-least-32-bytes!";

    private final RSAKey rsa;
    private final ECKey ec;

    public Tokens() {
        try {
            String id = UUID.randomUUID().toString();
            rsa = new RSAKeyGenerator(2048).keyID("rsa-" + id).generate();
            ec = new ECKeyGenerator(Curve.P_256).keyID("ec-" + id).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public keys, as a JWKS file holds them. */
    public String jwks() {
        return jwks(this);
    }

    /** The public keys of all these, as one JWKS file. */
    public static String jwks(Tokens... all) {
        List<JWK> keys = new ArrayList<>();
        for (Tokens tokens : all) {
            keys.add(tokens.rsa);
            keys.add(tokens.ec);
        }
        return new JWKSet(keys).toPublicJWKSet().toString();
    }

    /** Claims valid for an hour from now, for this subject. */
    public static JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject(subject).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
    }

    public static String hs256(JWTClaimsSet.Builder claims) {
        return hs256(claims, SECRET);
    }

    public static String hs256(JWTClaimsSet.Builder claims, String secret) {
        try {
            return sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), new JWSHeader(JWSAlgorithm.HS256), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String rs256(JWTClaimsSet.Builder claims) {
        try {
            return sign(new RSASSASigner(rsa), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build(),
                    claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String es256(JWTClaimsSet.Builder claims) {
        try {
            return sign(new ECDSASigner(ec), new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).build(),
                    claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet.Builder claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims.build());
        jwt.sign(signer);
        return jwt.serialize();
    }
}
