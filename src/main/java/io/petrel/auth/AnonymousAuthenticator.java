package io.petrel.auth;

import io.petrel.message.ReasonCode;

/**
 * The default when no users are configured: every client is anonymous, and is accepted from loopback
 * addresses only, unless anonymous access is allowed from everywhere.
 */
public final class AnonymousAuthenticator implements Authenticator {

    private final boolean allowAnonymous;

    public AnonymousAuthenticator(boolean allowAnonymous) {
        this.allowAnonymous = allowAnonymous;
    }

    @Override
    public AuthenticationResult authenticate(ConnectRequest request) {
        if (allowAnonymous || request.isFromLoopback()) {
            return AuthenticationResult.accept();
        }
        return AuthenticationResult.refuse(ReasonCode.NOT_AUTHORIZED,
                "anonymous clients are accepted from loopback addresses only (mqtt.auth.allow-anonymous)");
    }
}
