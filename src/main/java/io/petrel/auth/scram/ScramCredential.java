package io.petrel.auth.scram;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the broker stores for a SCRAM-SHA-256 user: never the password, only the salt, the iteration count and
 * the keys derived from it (RFC 5802 section 3). Its text form is the one PostgreSQL stores:
 * {@code SCRAM-SHA-256$<iterations>:<base64 salt>$<base64 StoredKey>:<base64 ServerKey>}.
 *
 * @param salt the salt
 * @param iterations the iteration count, at least {@value #MIN_ITERATIONS} (RFC 7677 section 4)
 * @param storedKey H(ClientKey)
 * @param serverKey HMAC(SaltedPassword, "Server Key")
 */
public record ScramCredential(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

    /** The smallest iteration count accepted, as RFC 7677 requires. */
    public static final int MIN_ITERATIONS = 4096;

    private static final int SALT_BYTES = 16;
    private static final int KEY_BYTES = 32;
    private static final Pattern TEXT_FORM = Pattern.compile(
            "SCRAM-SHA-256\\$(\\d{1,10}):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)");

    public ScramCredential {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("SCRAM iteration count " + iterations + " is below " + MIN_ITERATIONS);
        }
        if (salt.length == 0 || storedKey.length != KEY_BYTES || serverKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("a SCRAM-SHA-256 credential needs a salt and two 32-byte keys");
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    /** Derives the credential for {@code password} with a fresh random salt. */
    public static ScramCredential fromPassword(String password, int iterations, SecureRandom random) {
        if (password.isEmpty()) {
            throw new IllegalArgumentException("a SCRAM password must not be empty");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return fromPassword(password, salt, iterations);
    }

    static ScramCredential fromPassword(String password, byte[] salt, int iterations) {
        byte[] saltedPassword = ScramSha256.saltedPassword(password, salt, iterations);
        return new ScramCredential(salt, iterations, ScramSha256.hash(ScramSha256.clientKey(saltedPassword)),
                ScramSha256.serverKey(saltedPassword));
    }

    /** Reads the text form; the message names what is wrong, never the keys. */
    public static ScramCredential parse(String text) {
        Matcher matcher = TEXT_FORM.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "not a SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey> credential");
        }
        Base64.Decoder base64 = Base64.getDecoder();
        try {
            return new ScramCredential(base64.decode(matcher.group(2)), Integer.parseInt(matcher.group(1)),
                    base64.decode(matcher.group(3)), base64.decode(matcher.group(4)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SCRAM iteration count out of range", e);
        }
    }

    /** The text form, as {@link #parse} reads it. */
    @Override
    public String toString() {
        Base64.Encoder base64 = Base64.getEncoder();
        return "SCRAM-SHA-256$" + iterations + ":" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(storedKey) + ":" + base64.encodeToString(serverKey);
    }
}
