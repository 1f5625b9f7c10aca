package io.petrel.auth.users;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The password hash formats Petrel reads: bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}), PBKDF2 with
 * HMAC-SHA512 in mosquitto_passwd's format ({@code $7$iterations$salt$hash}, Base64), and mosquitto's
 * older salted SHA-512 ({@code $6$salt$hash}: SHA-512 of the password followed by the salt). New hashes
 * are bcrypt or PBKDF2; {@code $6$} is read for migration only.
 */
public final class PasswordHashes {

    /** bcrypt's work factor for new hashes: 2^10 rounds, about 0.1 s per check. */
    static final int BCRYPT_COST = 10;
    /** PBKDF2-HMAC-SHA512 iterations for new hashes, as OWASP recommends. */
    static final int PBKDF2_ITERATIONS = 210_000;
    private static final int SALT_BYTES = 12;
    private static final int PBKDF2_KEY_BITS = 512;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHashes() {}

    /** Whether {@code hash} is in a format this class can check. */
    public static boolean isSupported(String hash) {
        return isBcrypt(hash) || parts(hash, "$7$", 3) != null || parts(hash, "$6$", 2) != null;
    }

    /** Whether {@code password} hashes to {@code hash}; false for a malformed or unsupported hash. */
    public static boolean matches(String hash, byte[] password) {
        try {
            if (isBcrypt(hash)) {
                return BCrypt.verifyer().verify(password, hash.getBytes(StandardCharsets.US_ASCII)).verified;
            }
            String[] pbkdf2 = parts(hash, "$7$", 3);
            if (pbkdf2 != null) {
                return MessageDigest.isEqual(pbkdf2(password, decode(pbkdf2[1]), Integer.parseInt(pbkdf2[0])),
                        decode(pbkdf2[2]));
            }
            String[] sha512 = parts(hash, "$6$", 2);
            if (sha512 != null) {
                return MessageDigest.isEqual(sha512(password, decode(sha512[0])), decode(sha512[1]));
            }
        } catch (IllegalArgumentException e) {
            return false; // a malformed hash, or a password bcrypt cannot take (longer than 72 bytes)
        }
        return false;
    }

    /** A new bcrypt hash ({@code $2b$}). */
    public static String bcrypt(byte[] password) {
        return new String(BCrypt.with(BCrypt.Version.VERSION_2B).hash(BCRYPT_COST, password), StandardCharsets.US_ASCII);
    }

    /** A new PBKDF2-HMAC-SHA512 hash in mosquitto_passwd's {@code $7$} format. */
    public static String pbkdf2(byte[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder();
        return "$7$" + PBKDF2_ITERATIONS + "$" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(pbkdf2(password, salt, PBKDF2_ITERATIONS));
    }

    private static boolean isBcrypt(String hash) {
        return hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$");
    }

    /** The {@code count} fields after {@code prefix}, separated by '$'; null when the hash has another form. */
    private static String @Nullable [] parts(String hash, String prefix, int count) {
        if (!hash.startsWith(prefix)) {
            return null;
        }
        String[] parts = hash.substring(prefix.length()).split("\\$", -1);
        return parts.length == count && Arrays.stream(parts).noneMatch(String::isEmpty) ? parts : null;
    }

    private static byte[] decode(String base64) {
        return Base64.getDecoder().decode(base64);
    }

    private static byte[] pbkdf2(byte[] password, byte[] salt, int iterations) {
        // PBEKeySpec takes characters and hashes their UTF-8 bytes, which are the bytes mosquitto_passwd hashed
        char[] chars = new String(password, StandardCharsets.UTF_8).toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, PBKDF2_KEY_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is part of every Java runtime", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    private static byte[] sha512(byte[] password, byte[] salt) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-512");
            digest.update(password);
            digest.update(salt);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is part of every Java runtime", e);
        }
    }
}
