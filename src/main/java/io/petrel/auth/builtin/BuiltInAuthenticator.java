package io.petrel.auth.builtin;

import io.petrel.auth.AnonymousAuthenticator;
import io.petrel.auth.AuthenticationResult;
import io.petrel.auth.Authenticator;
import io.petrel.auth.ConnectRequest;
import io.petrel.auth.jwt.JwtAuthenticator;
import io.petrel.auth.users.PasswordHashes;
import io.petrel.auth.users.User;
import io.petrel.auth.users.Users;
import io.petrel.message.ReasonCode;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The default Authenticator once users or JWT are configured:
 * <ol>
 * <li>a password shaped like a JWT is checked as one, when JWT is configured;
 * <li>a client with a user name must be a known user with the right password, else it is refused with
 *     0x86 bad user name or password (MQTT 3.1.1 return code 4), the same whether the user is unknown or the
 *     password wrong; a user name without a password is accepted only from a client whose certificate the
 *     listener verified (the name may come from that certificate);
 * <li>a client without a user name is anonymous: see {@link AnonymousAuthenticator}.
 * </ol>
 * Accepted users carry their roles, for ACL rules that name a role.
 */
public final class BuiltInAuthenticator implements Authenticator {

    private static final String BAD_CREDENTIALS = "bad user name or password";
    /** Checked for unknown users, so that they take as long to refuse as a wrong password of a known one. */
    private static final String NO_SUCH_USER = PasswordHashes.bcrypt(new byte[] {0});

    private final Supplier<Users> users;
    private final @Nullable JwtAuthenticator jwt;
    private final AnonymousAuthenticator anonymous;

    /**
     * @param users the users as they are now (configuration, then the password file)
     * @param jwt checks JWT passwords; null when JWT is not configured
     */
    public BuiltInAuthenticator(Supplier<Users> users, @Nullable JwtAuthenticator jwt, boolean allowAnonymous) {
        this.users = users;
        this.jwt = jwt;
        this.anonymous = new AnonymousAuthenticator(allowAnonymous);
    }

    @Override
    public AuthenticationResult authenticate(ConnectRequest request) {
        byte[] password = request.password();
        if (request.authenticationMethod() != null) {
            return anonymous.authenticate(request); // refuses the method it does not know
        }
        if (jwt != null && password != null && JwtAuthenticator.looksLikeJwt(password)) {
            return jwt.authenticate(request, password);
        }
        String username = request.username();
        if (username == null) {
            return anonymous.authenticate(request);
        }
        Optional<User> user = users.get().find(username);
        if (password == null && request.hasVerifiedCertificate()) {
            return AuthenticationResult.accept().withRoles(user.map(User::roles).orElse(Set.of()));
        }
        if (user.isEmpty() && password != null) {
            PasswordHashes.matches(NO_SUCH_USER, password);
        }
        if (user.isEmpty() || password == null || !user.get().hasPassword(password)) {
            return AuthenticationResult.refuse(ReasonCode.BAD_USER_NAME_OR_PASSWORD, BAD_CREDENTIALS);
        }
        return AuthenticationResult.accept().withRoles(user.get().roles());
    }

    /**
     * Without a password there is nothing to hash or verify: the answer comes from the request, the loaded
     * users and the certificate the listener already checked. A password (or a JWT) is checked on
     * {@code mqtt-auth}.
     */
    @Override
    public boolean answersAtOnce(ConnectRequest request) {
        return request.authenticationMethod() != null || request.password() == null;
    }
}
