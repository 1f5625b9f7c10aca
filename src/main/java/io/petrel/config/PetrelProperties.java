package io.petrel.config;

import io.petrel.routing.SharedSubscriptionStrategy;
import io.petrel.session.DropPolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/** Petrel's configuration, everything under {@code mqtt.*}. */
@ConfigurationProperties("mqtt")
public class PetrelProperties {

    /**
     * Listeners by name. The names tcp, tls, ws and wss give the kind; other names need {@code kind}. By
     * default tcp (1883) and ws (8083) start, and tls (8883) and wss (8084) once they name an SSL bundle.
     */
    private Map<String, ListenerProperties> listeners = defaultListeners();

    /** Accepted protocol levels: 3 (MQTT 3.1), 4 (MQTT 3.1.1) and 5 (MQTT 5.0). Others get CONNACK 0x01. */
    private Set<Integer> protocolVersions = new LinkedHashSet<>(List.of(3, 4, 5));

    /** The highest QoS granted to subscriptions and accepted on PUBLISH (0, 1 or 2). */
    private int maximumQos = 2;

    /** The largest MQTT packet accepted; a larger one closes its connection. */
    private DataSize maximumPacketSize = DataSize.ofMegabytes(1);

    /** Connections accepted at once over all listeners; -1 for no limit. */
    private int maxConnections = -1;

    /** The longest client identifier accepted, in characters; longer ones get CONNACK 0x02. */
    private int maxClientIdLength = 256;

    /** How long a new connection may take to send CONNECT and complete it. */
    private Duration connectTimeout = Duration.ofSeconds(10);

    /**
     * How long a user hook (Authenticator, EnhancedAuthenticator, Authorizer, PublishInterceptor) may take to
     * answer; a hook that takes longer denies, fail closed.
     */
    private Duration hookTimeout = Duration.ofSeconds(5);

    /** This broker's name in {@code $SYS/brokers/{node}/...} topics; unset means the host name. */
    private @Nullable String nodeName;

    /** Outbound QoS 1 and 2 messages sent to a client and not yet acknowledged, per session (1 to 65535). */
    private int maxInflightMessages = 32;

    /** Subscriptions one session may hold; further ones are refused (0x97, or 0x80 for MQTT 3.1.1). 0 for no limit. */
    private int maxSubscriptionsPerClient = 0;

    /** Whether retained messages are supported; when false, a retained PUBLISH closes its connection. */
    private boolean retainAvailable = true;

    /** The highest topic alias MQTT 5 clients may use towards the broker; 0 turns inbound aliases off. */
    private int topicAliasMaximum = 10;

    /** Whether topic filters may contain wildcards; when false, such subscriptions get 0xA2. */
    private boolean wildcardSubscriptionAvailable = true;

    /** Whether MQTT 5 subscription identifiers are supported; when false, they get 0xA1. */
    private boolean subscriptionIdentifierAvailable = true;

    /** Whether shared subscriptions ($share/group/filter) are supported; when false, they get 0x9E. */
    private boolean sharedSubscriptionAvailable = true;

    /** Which member of a shared subscription group receives a message. */
    private SharedSubscriptionStrategy sharedSubscriptionStrategy = SharedSubscriptionStrategy.ROUND_ROBIN;

    /**
     * The longest session expiry interval granted; longer requests are cut down (and MQTT 3.1.1 persistent
     * sessions expire after it). Unset: sessions may last forever.
     */
    private @Nullable Duration sessionExpiryInterval;

    /** Inbound QoS 2 messages an MQTT 5 client may have unacknowledged (1 to 65535); more get DISCONNECT 0x93. */
    private int receiveMaximum = 1024;

    /** A keep-alive imposed on MQTT 5 clients instead of their own (server keep alive). Unset: theirs applies. */
    private @Nullable Duration serverKeepAlive;

    /** Send reason strings to MQTT 5 clients that accept problem information. */
    private boolean sendReasonMessage = true;

    /** Give clients that connect with an empty client id one of the broker's; when false, they get 0x85. */
    private boolean autoAssignClientId = true;

    /** The response information for MQTT 5 clients that request it; %c stands for the client id. Empty: none. */
    private String responseInformation = "responses/%c/";

    /** Event loop threads for client connections; 0 for one per CPU core. */
    private int ioThreads = 0;

    /** How long stopping the server may take before the event loops are forced down. */
    private final Shutdown shutdown = new Shutdown();

    private final Session session = new Session();

    @NestedConfigurationProperty
    private final AuthProperties auth = new AuthProperties();

    private final Retain retain = new Retain();

    /** Retained messages. */
    public static class Retain {

        /**
         * How long a retained message lives; with an MQTT 5 message expiry interval too, the shorter wins.
         * Unset: retained messages live until replaced or deleted.
         */
        private @Nullable Duration ttl;

        public @Nullable Duration getTtl() {
            return ttl;
        }

        public void setTtl(@Nullable Duration ttl) {
            this.ttl = ttl;
        }
    }

    private static Map<String, ListenerProperties> defaultListeners() {
        Map<String, ListenerProperties> defaults = new LinkedHashMap<>();
        for (String name : List.of("tcp", "ws", "tls", "wss")) {
            defaults.put(name, new ListenerProperties());
        }
        return defaults;
    }

    /** How the server stops (on SIGTERM, or when the application context closes). */
    public static class Shutdown {

        /**
         * How long stopping waits for clients to go after they were told (MQTT 5: DISCONNECT) before the
         * remaining connections are closed by force. Keep it below Kubernetes' termination grace period.
         */
        private Duration drainTimeout = Duration.ofSeconds(15);

        /**
         * Where MQTT 5 clients should reconnect when this server stops: sent as the server reference of a
         * DISCONNECT with reason 0x9C (use another server) instead of 0x8B (server shutting down).
         */
        private @Nullable String serverReference;

        public Duration getDrainTimeout() {
            return drainTimeout;
        }

        public void setDrainTimeout(Duration drainTimeout) {
            this.drainTimeout = drainTimeout;
        }

        public @Nullable String getServerReference() {
            return serverReference;
        }

        public void setServerReference(@Nullable String serverReference) {
            this.serverReference = serverReference;
        }
    }

    /** Session limits. */
    public static class Session {

        /** Messages held per session while its client is offline or cannot keep up. */
        private int maxQueuedMessages = 1000;

        /** Which message a full session queue gives up: drop-oldest or drop-newest. */
        private DropPolicy dropPolicy = DropPolicy.DROP_OLDEST;

        public int getMaxQueuedMessages() {
            return maxQueuedMessages;
        }

        public void setMaxQueuedMessages(int maxQueuedMessages) {
            this.maxQueuedMessages = maxQueuedMessages;
        }

        public DropPolicy getDropPolicy() {
            return dropPolicy;
        }

        public void setDropPolicy(DropPolicy dropPolicy) {
            this.dropPolicy = dropPolicy;
        }
    }

    public Map<String, ListenerProperties> getListeners() {
        return listeners;
    }

    public void setListeners(Map<String, ListenerProperties> listeners) {
        this.listeners = listeners;
    }

    public Set<Integer> getProtocolVersions() {
        return protocolVersions;
    }

    public void setProtocolVersions(Set<Integer> protocolVersions) {
        this.protocolVersions = protocolVersions;
    }

    public int getMaximumQos() {
        return maximumQos;
    }

    public void setMaximumQos(int maximumQos) {
        this.maximumQos = maximumQos;
    }

    public DataSize getMaximumPacketSize() {
        return maximumPacketSize;
    }

    public void setMaximumPacketSize(DataSize maximumPacketSize) {
        this.maximumPacketSize = maximumPacketSize;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public int getMaxClientIdLength() {
        return maxClientIdLength;
    }

    public void setMaxClientIdLength(int maxClientIdLength) {
        this.maxClientIdLength = maxClientIdLength;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getHookTimeout() {
        return hookTimeout;
    }

    public void setHookTimeout(Duration hookTimeout) {
        this.hookTimeout = hookTimeout;
    }

    public @Nullable String getNodeName() {
        return nodeName;
    }

    public void setNodeName(@Nullable String nodeName) {
        this.nodeName = nodeName;
    }

    public int getMaxInflightMessages() {
        return maxInflightMessages;
    }

    public void setMaxInflightMessages(int maxInflightMessages) {
        this.maxInflightMessages = maxInflightMessages;
    }

    public int getMaxSubscriptionsPerClient() {
        return maxSubscriptionsPerClient;
    }

    public void setMaxSubscriptionsPerClient(int maxSubscriptionsPerClient) {
        this.maxSubscriptionsPerClient = maxSubscriptionsPerClient;
    }

    public boolean isRetainAvailable() {
        return retainAvailable;
    }

    public void setRetainAvailable(boolean retainAvailable) {
        this.retainAvailable = retainAvailable;
    }

    public int getTopicAliasMaximum() {
        return topicAliasMaximum;
    }

    public void setTopicAliasMaximum(int topicAliasMaximum) {
        this.topicAliasMaximum = topicAliasMaximum;
    }

    public boolean isWildcardSubscriptionAvailable() {
        return wildcardSubscriptionAvailable;
    }

    public void setWildcardSubscriptionAvailable(boolean wildcardSubscriptionAvailable) {
        this.wildcardSubscriptionAvailable = wildcardSubscriptionAvailable;
    }

    public boolean isSubscriptionIdentifierAvailable() {
        return subscriptionIdentifierAvailable;
    }

    public void setSubscriptionIdentifierAvailable(boolean subscriptionIdentifierAvailable) {
        this.subscriptionIdentifierAvailable = subscriptionIdentifierAvailable;
    }

    public boolean isSharedSubscriptionAvailable() {
        return sharedSubscriptionAvailable;
    }

    public void setSharedSubscriptionAvailable(boolean sharedSubscriptionAvailable) {
        this.sharedSubscriptionAvailable = sharedSubscriptionAvailable;
    }

    public SharedSubscriptionStrategy getSharedSubscriptionStrategy() {
        return sharedSubscriptionStrategy;
    }

    public void setSharedSubscriptionStrategy(SharedSubscriptionStrategy sharedSubscriptionStrategy) {
        this.sharedSubscriptionStrategy = sharedSubscriptionStrategy;
    }

    public @Nullable Duration getSessionExpiryInterval() {
        return sessionExpiryInterval;
    }

    public void setSessionExpiryInterval(@Nullable Duration sessionExpiryInterval) {
        this.sessionExpiryInterval = sessionExpiryInterval;
    }

    public int getReceiveMaximum() {
        return receiveMaximum;
    }

    public void setReceiveMaximum(int receiveMaximum) {
        this.receiveMaximum = receiveMaximum;
    }

    public @Nullable Duration getServerKeepAlive() {
        return serverKeepAlive;
    }

    public void setServerKeepAlive(@Nullable Duration serverKeepAlive) {
        this.serverKeepAlive = serverKeepAlive;
    }

    public boolean isSendReasonMessage() {
        return sendReasonMessage;
    }

    public void setSendReasonMessage(boolean sendReasonMessage) {
        this.sendReasonMessage = sendReasonMessage;
    }

    public boolean isAutoAssignClientId() {
        return autoAssignClientId;
    }

    public void setAutoAssignClientId(boolean autoAssignClientId) {
        this.autoAssignClientId = autoAssignClientId;
    }

    public String getResponseInformation() {
        return responseInformation;
    }

    public void setResponseInformation(String responseInformation) {
        this.responseInformation = responseInformation;
    }

    public int getIoThreads() {
        return ioThreads;
    }

    public void setIoThreads(int ioThreads) {
        this.ioThreads = ioThreads;
    }

    public Shutdown getShutdown() {
        return shutdown;
    }

    public Session getSession() {
        return session;
    }

    public AuthProperties getAuth() {
        return auth;
    }

    public Retain getRetain() {
        return retain;
    }
}
