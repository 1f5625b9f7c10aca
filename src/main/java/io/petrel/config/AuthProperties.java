package io.petrel.config;

import io.petrel.auth.AclRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Authentication and authorization defaults: users, password file, ACL, JWT. */
public class AuthProperties {

    /** Accept anonymous clients from any address; when false, only from loopback addresses. */
    private boolean allowAnonymous = false;

    /** Threads of the mqtt-auth executor that runs the Authenticator off the event loops. */
    private int threads = 4;

    /** CONNECTs that may wait for an authentication thread; more are refused with server busy. */
    private int queueCapacity = 10_000;

    /**
     * Users by name, each with a password hash (from {@code java -jar petrel.jar passwd}) and roles. They
     * come before the users of the password file.
     */
    private Map<String, User> users = new LinkedHashMap<>();

    /**
     * A password file: lines {@code name:hash} as mosquitto_passwd writes them (bcrypt, PBKDF2 $7$ or
     * $6$ hashes), optionally followed by {@code :role1,role2}. Reloaded when it changes.
     */
    private @Nullable Path passwordFile;

    /**
     * ACL rules, in order; the first that applies to the client and matches decides. Once any exist
     * (here or in the ACL file), what no rule allows is denied; without any, everything is allowed
     * except publishing to $SYS.
     */
    private List<Rule> acl = new ArrayList<>();

    /** An ACL file in mosquitto's acl_file format; its rules come after mqtt.auth.acl. Reloaded when it changes. */
    private @Nullable Path aclFile;

    /** How often the password, ACL and JWKS files are checked for changes. */
    private Duration reloadInterval = Duration.ofSeconds(5);

    /** JWT passwords. */
    private final Jwt jwt = new Jwt();

    public boolean isAllowAnonymous() {
        return allowAnonymous;
    }

    public void setAllowAnonymous(boolean allowAnonymous) {
        this.allowAnonymous = allowAnonymous;
    }

    public int getThreads() {
        return threads;
    }

    public void setThreads(int threads) {
        this.threads = threads;
    }

    public int getQueueCapacity() {
        return queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    public Map<String, User> getUsers() {
        return users;
    }

    public void setUsers(Map<String, User> users) {
        this.users = users;
    }

    public @Nullable Path getPasswordFile() {
        return passwordFile;
    }

    public void setPasswordFile(@Nullable Path passwordFile) {
        this.passwordFile = passwordFile;
    }

    public List<Rule> getAcl() {
        return acl;
    }

    public void setAcl(List<Rule> acl) {
        this.acl = acl;
    }

    public @Nullable Path getAclFile() {
        return aclFile;
    }

    public void setAclFile(@Nullable Path aclFile) {
        this.aclFile = aclFile;
    }

    public Duration getReloadInterval() {
        return reloadInterval;
    }

    public void setReloadInterval(Duration reloadInterval) {
        this.reloadInterval = reloadInterval;
    }

    public Jwt getJwt() {
        return jwt;
    }

    /** A user from configuration. */
    public static class User {

        /** The password hash: bcrypt ($2b$...) or PBKDF2-SHA512 ($7$...), never the password itself. */
        private String password = "";

        /** Roles, which ACL rules may name. */
        private List<String> roles = new ArrayList<>();

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public List<String> getRoles() {
            return roles;
        }

        public void setRoles(List<String> roles) {
            this.roles = roles;
        }
    }

    /** One ACL rule. */
    public static class Rule {

        /** allow or deny. */
        private AclRule.Access permission = AclRule.Access.ALLOW;

        /** publish, subscribe or all. */
        private AclRule.Action action = AclRule.Action.ALL;

        /** A topic filter; %c stands for the client id and %u for the user name. */
        private String topic = "";

        /** Only for this user name. */
        private @Nullable String username;

        /** Only for this client id. */
        private @Nullable String clientid;

        /** Only for clients with this role. */
        private @Nullable String role;

        /** For allow rules: the highest QoS allowed (subscriptions are granted at most this). */
        private @Nullable Integer qos;

        public AclRule.Access getPermission() {
            return permission;
        }

        public void setPermission(AclRule.Access permission) {
            this.permission = permission;
        }

        public AclRule.Action getAction() {
            return action;
        }

        public void setAction(AclRule.Action action) {
            this.action = action;
        }

        public String getTopic() {
            return topic;
        }

        public void setTopic(String topic) {
            this.topic = topic;
        }

        public @Nullable String getUsername() {
            return username;
        }

        public void setUsername(@Nullable String username) {
            this.username = username;
        }

        public @Nullable String getClientid() {
            return clientid;
        }

        public void setClientid(@Nullable String clientid) {
            this.clientid = clientid;
        }

        public @Nullable String getRole() {
            return role;
        }

        public void setRole(@Nullable String role) {
            this.role = role;
        }

        public @Nullable Integer getQos() {
            return qos;
        }

        public void setQos(@Nullable Integer qos) {
            this.qos = qos;
        }
    }

    /** JWT passwords: a client sends a signed token as its password. */
    public static class Jwt {

        /** The HS256 secret, at least 32 bytes. */
        private @Nullable String secret;

        /** A JWKS file with the public keys for RS256 and ES256 tokens. Reloaded when it changes. */
        private @Nullable Path jwksFile;

        /** The issuer (iss) tokens must name; unset accepts any. */
        private @Nullable String issuer;

        /** An audience (aud) tokens must name; unset accepts any. */
        private @Nullable String audience;

        /** The claim with the user name. */
        private String usernameClaim = "sub";

        /** The claim with the roles: an array of strings, or one string separated by spaces or commas. */
        private String rolesClaim = "roles";

        /** The claim with the client's own ACL rules (objects with permission, action, topic, qos); unset ignores it. */
        private @Nullable String aclClaim;

        public @Nullable String getSecret() {
            return secret;
        }

        public void setSecret(@Nullable String secret) {
            this.secret = secret;
        }

        public @Nullable Path getJwksFile() {
            return jwksFile;
        }

        public void setJwksFile(@Nullable Path jwksFile) {
            this.jwksFile = jwksFile;
        }

        public @Nullable String getIssuer() {
            return issuer;
        }

        public void setIssuer(@Nullable String issuer) {
            this.issuer = issuer;
        }

        public @Nullable String getAudience() {
            return audience;
        }

        public void setAudience(@Nullable String audience) {
            this.audience = audience;
        }

        public String getUsernameClaim() {
            return usernameClaim;
        }

        public void setUsernameClaim(String usernameClaim) {
            this.usernameClaim = usernameClaim;
        }

        public String getRolesClaim() {
            return rolesClaim;
        }

        public void setRolesClaim(String rolesClaim) {
            this.rolesClaim = rolesClaim;
        }

        public @Nullable String getAclClaim() {
            return aclClaim;
        }

        public void setAclClaim(@Nullable String aclClaim) {
            this.aclClaim = aclClaim;
        }
    }
}
