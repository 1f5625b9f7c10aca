package io.petrel.auth;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The enhanced authenticators by authentication method; two that claim the same method are a configuration error. */
public final class EnhancedAuthenticators {

    public static final EnhancedAuthenticators NONE = new EnhancedAuthenticators(List.of());

    private final Map<String, EnhancedAuthenticator> byMethod = new HashMap<>();

    public EnhancedAuthenticators(List<EnhancedAuthenticator> authenticators) {
        for (EnhancedAuthenticator authenticator : authenticators) {
            for (String method : authenticator.methods()) {
                EnhancedAuthenticator earlier = byMethod.putIfAbsent(method, authenticator);
                if (earlier != null) {
                    throw new IllegalArgumentException("authentication method " + method + " is claimed by both "
                            + earlier.getClass().getName() + " and " + authenticator.getClass().getName());
                }
            }
        }
    }

    /** The authenticator for {@code method}, or null when none handles it. */
    public @Nullable EnhancedAuthenticator forMethod(String method) {
        return byMethod.get(method);
    }
}
