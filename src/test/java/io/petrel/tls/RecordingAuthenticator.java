package io.petrel.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.auth.AnonymousAuthenticator;
import io.petrel.auth.AuthenticationResult;
import io.petrel.auth.Authenticator;
import io.petrel.auth.ConnectRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user's {@link Authenticator} bean of the TLS tests (it replaces the default): records every request
 * by client id, then decides as the default does, so that the anonymous rules still apply. Import it into
 * a test class with {@code @Import(RecordingAuthenticator.class)}.
 */
class RecordingAuthenticator implements Authenticator {

    private final Authenticator decider = new AnonymousAuthenticator(false);
    private final Map<String, ConnectRequest> requests = new ConcurrentHashMap<>();

    @Override
    public AuthenticationResult authenticate(ConnectRequest request) {
        requests.put(request.clientId(), request);
        return decider.authenticate(request);
    }

    /** The request a client id presented; the CONNACK came after it, so it is there. */
    ConnectRequest requestOf(String clientId) {
        ConnectRequest request = requests.get(clientId);
        assertThat(request).as("the authenticator saw " + clientId).isNotNull();
        return request;
    }

    /** Whether a CONNECT with this client id ever got as far as authentication. */
    boolean saw(String clientId) {
        return requests.containsKey(clientId);
    }
}
