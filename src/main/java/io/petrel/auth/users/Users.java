package io.petrel.auth.users;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** An immutable set of users by name. */
public final class Users {

    public static final Users NONE = new Users(Map.of());

    private final Map<String, User> byName;

    private Users(Map<String, User> byName) {
        this.byName = byName;
    }

    /** The users; a name given twice is an error. */
    public static Users of(Collection<User> users) {
        Map<String, User> byName = new LinkedHashMap<>();
        for (User user : users) {
            if (byName.putIfAbsent(user.name(), user) != null) {
                throw new IllegalArgumentException("user '" + user.name() + "' is defined twice");
            }
        }
        return new Users(Map.copyOf(byName));
    }

    public Optional<User> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public int size() {
        return byName.size();
    }

    /** These users, and those of {@code others} whose names are not taken here. */
    public Users orElse(Users others) {
        Map<String, User> merged = new LinkedHashMap<>(others.byName);
        merged.putAll(byName);
        return new Users(Map.copyOf(merged));
    }
}
