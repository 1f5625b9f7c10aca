package io.petrel.auth.scram;

import io.petrel.auth.AuthenticationExchange;
import io.petrel.auth.ConnectRequest;
import io.petrel.auth.EnhancedAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The SCRAM-SHA-256 enhanced authentication method (RFC 7677) without channel binding: the client proves it
 * knows the password without sending it, and the broker proves it knows the credential in CONNACK. A client
 * that passes is connected under the SCRAM user name; one that sent a different user name in CONNECT is
 * refused. Every failure is 0x87 (not authorized). Thread-safe; each exchange keeps its own state.
 */
public final class ScramSha256Authenticator implements EnhancedAuthenticator {

    private static final int NONCE_BYTES = 18;

    private final ScramCredentials credentials;
    private final Supplier<String> serverNonces;
    private final byte[] decoyKey;

    public ScramSha256Authenticator(ScramCredentials credentials) {
        this(credentials, new SecureRandom());
    }

    private ScramSha256Authenticator(ScramCredentials credentials, SecureRandom random) {
        this(credentials, () -> {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            return Base64.getEncoder().encodeToString(nonce);
        }, randomKey(random));
    }

    /** With a fixed source of server nonces, for known-answer tests. */
    ScramSha256Authenticator(ScramCredentials credentials, Supplier<String> serverNonces, byte[] decoyKey) {
        this.credentials = credentials;
        this.serverNonces = serverNonces;
        this.decoyKey = decoyKey.clone();
    }

    private static byte[] randomKey(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return key;
    }

    @Override
    public Set<String> methods() {
        return Set.of(ScramSha256.METHOD);
    }

    @Override
    public AuthenticationExchange start(ConnectRequest request, boolean reauthentication) {
        return new ScramExchange(request, this);
    }

    ScramCredentials credentials() {
        return credentials;
    }

    String serverNonce() {
        return serverNonces.get();
    }

    /**
     * A stand-in credential for an unknown user: its salt is the same for every attempt with that name, as a
     * real user's would be, and no proof matches its keys.
     */
    ScramCredential decoy(String username) {
        byte[] salt = Arrays.copyOf(ScramSha256.hmac(decoyKey, username.getBytes(StandardCharsets.UTF_8)), 16);
        byte[] unmatchable = ScramSha256.hmac(decoyKey, salt);
        return new ScramCredential(salt, ScramCredential.MIN_ITERATIONS, unmatchable, unmatchable);
    }
}
