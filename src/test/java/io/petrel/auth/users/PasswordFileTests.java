package io.petrel.auth.users;

import static io.petrel.auth.users.PasswordHashesTests.MOSQUITTO_PBKDF2;
import static io.petrel.auth.users.PasswordHashesTests.MOSQUITTO_SHA512;
import static io.petrel.auth.users.PasswordHashesTests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class PasswordFileTests {

    @Test
    void mosquittoLinesAndRolesAreRead() {
        Users users = PasswordFile.parse("""
                # written by mosquitto_passwd
                alice:%s

                bob:%s:operators, auditors
                """.formatted(MOSQUITTO_PBKDF2, MOSQUITTO_SHA512));

        assertThat(users.size()).isEqualTo(2);
        assertThat(users.find("alice").orElseThrow().hasPassword(utf8("alice-secret"))).isTrue();
        assertThat(users.find("alice").orElseThrow().roles()).isEmpty();
        assertThat(users.find("bob").orElseThrow().roles()).containsExactlyInAnyOrder("operators", "auditors");
        assertThat(users.find("carol")).isEmpty();
    }

    @Test
    void malformedLinesNameTheirLineNumber() {
        assertThatIllegalArgumentException().isThrownBy(() -> PasswordFile.parse("alice:" + MOSQUITTO_PBKDF2 + "\nbob\n"))
                .withMessageStartingWith("line 2:");
        assertThatIllegalArgumentException().isThrownBy(() -> PasswordFile.parse("alice:clear-text-password"))
                .withMessageContaining("not a supported hash");
        assertThatIllegalArgumentException().isThrownBy(() -> PasswordFile.parse(
                "alice:" + MOSQUITTO_PBKDF2 + "\nalice:" + MOSQUITTO_SHA512)).withMessageContaining("defined twice");
    }

    @Test
    void configuredUsersComeFirst() {
        Users file = PasswordFile.parse("alice:" + MOSQUITTO_PBKDF2 + "\nbob:" + MOSQUITTO_SHA512);
        Users configured = Users.of(java.util.List.of(new User("alice", MOSQUITTO_SHA512, java.util.Set.of("admin"))));

        Users merged = configured.orElse(file);

        assertThat(merged.find("alice").orElseThrow().roles()).containsExactly("admin");
        assertThat(merged.find("bob")).isPresent();
    }
}
