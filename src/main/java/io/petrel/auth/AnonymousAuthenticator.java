package io.petrel.auth;

import io.petrel.message.ReasonCode;

/**
 * The default when no users are configured: every client is anonymous, and is accepted from loopback
 * addresses only, unless anonymous access is allowed from everywhere. A client whose TLS certificate the
 * listener verified (mutual TLS) is not anonymous and is accepted from anywhere. It knows no MQTT 5
 * authentication method, so a client that names one is refused with 0x8C.
 */
public final class AnonymousAuthenticator implements Authenticator {

    private final boolean allowAnonymous;

    public AnonymousAuthenticator(boolean allowAnonymous) {
        this.allowAnonymous = allowAnonymous;
    }

    @Override
    public AuthenticationResult authenticate(ConnectRequest request) {
        if (request.authenticationMethod() != null) {
            return AuthenticationResult.refuse(ReasonCode.BAD_AUTHENTICATION_METHOD,
                    "authentication method " + request.authenticationMethod() + " is not supported");
        }
        if (allowAnonymous || request.isFromLoopback() || request.hasVerifiedCertificate()) {
            return AuthenticationResult.accept();
        }
        return AuthenticationResult.refuse(ReasonCode.NOT_AUTHORIZED,
                "anonymous clients are accepted from loopback addresses only (mqtt.auth.allow-anonymous)");
    }

    /** It decides from the request alone. */
    @Override
    public boolean answersAtOnce(ConnectRequest request) {
        return true;
    }
}
