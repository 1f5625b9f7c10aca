package io.petrel.auth.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hash formats, with vectors that mosquitto_passwd 2.0.11 wrote: {@code $7$} (PBKDF2-SHA512) for
 * alice / alice-secret and {@code $6$} (salted SHA-512) for bob / bob-secret.
 */
class PasswordHashesTests {

    static final String MOSQUITTO_PBKDF2 = "$7$101$dlfUNhEeervyHiHV$ShopR//ZTXG7YhuS9AwdEJ5PWIT34kweezQfzXDVi+D3Cwyy"
            + "Wkb9Nh7ObDp3DF1pCsPWnO988VPbXRwm0PFTEw==";
    static final String MOSQUITTO_SHA512 = "$6$8VIslDxlPCoVVuaH$x9qIA6sXSXcNCVh9pO2TQS+VYDl9neWUa9adg6IMtVY3EAoNmee"
            + "Sf013trTVgBdSnVqEVF52Y2yK6LVQLYGxGA==";

    @Test
    void mosquittoPbkdf2HashesAreRead() {
        assertThat(PasswordHashes.matches(MOSQUITTO_PBKDF2, utf8("alice-secret"))).isTrue();
        assertThat(PasswordHashes.matches(MOSQUITTO_PBKDF2, utf8("alice-secreT"))).isFalse();
    }

    @Test
    void mosquittoSaltedSha512HashesAreRead() {
        assertThat(PasswordHashes.matches(MOSQUITTO_SHA512, utf8("bob-secret"))).isTrue();
        assertThat(PasswordHashes.matches(MOSQUITTO_SHA512, utf8("bob-secret "))).isFalse();
    }

    @Test
    void newBcryptHashesVerify() {
        String hash = PasswordHashes.bcrypt(utf8("s3cret ünïcode"));

        assertThat(hash).startsWith("$2b$10$");
        assertThat(PasswordHashes.matches(hash, utf8("s3cret ünïcode"))).isTrue();
        assertThat(PasswordHashes.matches(hash, utf8("s3cret unicode"))).isFalse();
    }

    @Test
    void newPbkdf2HashesVerifyAndAreSaltedEachTime() {
        String first = PasswordHashes.pbkdf2(utf8("long enough"));
        String second = PasswordHashes.pbkdf2(utf8("long enough"));

        assertThat(first).startsWith("$7$210000$").isNotEqualTo(second);
        assertThat(PasswordHashes.matches(first, utf8("long enough"))).isTrue();
        assertThat(PasswordHashes.matches(second, utf8("long enougH"))).isFalse();
    }

    @Test
    void bcryptFromOtherToolsIsRead() {
        // libxcrypt's crypt("password", "$2y$05$NoQBaKI657OXWzaoDpgtWu"), the variant htpasswd writes
        String hash = "$2y$05$NoQBaKI657OXWzaoDpgtWuwzrWOLdm5Z11Un6SRXyJ3sucf7ywW56";

        assertThat(PasswordHashes.isSupported(hash)).isTrue();
        assertThat(PasswordHashes.matches(hash, utf8("password"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain-text", "$7$101$onlysalt", "$6$$", "$5$abc$def", "$7$x$YWJj$YWJj", "$2b$nonsense"})
    void malformedOrUnknownHashesNeverMatch(String hash) {
        assertThat(PasswordHashes.matches(hash, utf8("plain-text"))).isFalse();
    }

    @Test
    void unsupportedFormatsAreRecognised() {
        assertThat(PasswordHashes.isSupported("plain-text")).isFalse();
        assertThat(PasswordHashes.isSupported("$5$abc$def")).isFalse();
        assertThat(PasswordHashes.isSupported(MOSQUITTO_PBKDF2)).isTrue();
        assertThat(PasswordHashes.isSupported(MOSQUITTO_SHA512)).isTrue();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
