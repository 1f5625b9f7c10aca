package io.petrel.protocol;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import io.petrel.auth.AnonymousAuthenticator;
import io.petrel.auth.Authenticator;
import io.petrel.auth.Authorizer;
import io.petrel.auth.DefaultAuthorizer;
import io.petrel.auth.EnhancedAuthenticator;
import io.petrel.auth.EnhancedAuthenticators;
import io.petrel.message.Qos;
import io.petrel.retain.InMemoryRetainedMessageStore;
import io.petrel.retain.RetainedMessageStore;
import io.petrel.routing.MessageRouter;
import io.petrel.routing.SubscriptionTree;
import io.petrel.session.DropPolicy;
import io.petrel.session.MessagePublisher;
import io.petrel.session.Session;
import io.petrel.session.SessionListener;
import io.petrel.session.SessionRegistry;
import io.petrel.session.SessionSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * A real {@link Broker} wired by hand from the in-memory core, whose connections are EmbeddedChannels with
 * the production pipeline. Settings can be changed until the first connection opens. {@link #close()}
 * finishes every channel (releasing what they still hold) and fails when the broker logged an error.
 * Single-threaded, like the tests that use it; only the authenticator may run elsewhere.
 */
final class EmbeddedBroker implements AutoCloseable {

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    private final Settings settings = new Settings();
    private final List<EmbeddedMqttClient> clients = new ArrayList<>();
    private final ListAppender<ILoggingEvent> errors = new ListAppender<>();
    private final Logger petrelLogger = (Logger) LoggerFactory.getLogger("io.petrel");
    private @Nullable Wiring wiring;

    /** The broker and its flows, built at the first connection. */
    private record Wiring(Broker broker, MqttConnectionHandler.Flows flows) {}

    EmbeddedBroker() {
        errors.start();
        petrelLogger.addAppender(errors);
    }

    /** Broker settings; the defaults follow {@code mqtt.*} except for smaller sizes. */
    static final class Settings {
        Set<Integer> protocolVersions = Set.of(3, 4);
        Qos maximumQos = Qos.EXACTLY_ONCE;
        int maxClientIdLength = 64;
        Duration connectTimeout = Duration.ofSeconds(10);
        int maxPacketSize = 8 * 1024;
        int maxInflightMessages = 32;
        int maxQueuedMessages = 1000;
        Authenticator authenticator = new AnonymousAuthenticator(true); // EmbeddedChannel has no IP address
        Executor authExecutor = Runnable::run; // authentication completes before send() returns
        Authorizer authorizer = new DefaultAuthorizer();
        List<EnhancedAuthenticator> enhancedAuthenticators = List.of();
        Duration hookTimeout = Duration.ofSeconds(5);

        Settings protocolVersions(Integer... versions) {
            this.protocolVersions = Set.of(versions);
            return this;
        }

        Settings maximumQos(Qos maximumQos) {
            this.maximumQos = maximumQos;
            return this;
        }

        Settings maxClientIdLength(int maxClientIdLength) {
            this.maxClientIdLength = maxClientIdLength;
            return this;
        }

        Settings connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        Settings maxPacketSize(int maxPacketSize) {
            this.maxPacketSize = maxPacketSize;
            return this;
        }

        Settings maxInflightMessages(int maxInflightMessages) {
            this.maxInflightMessages = maxInflightMessages;
            return this;
        }

        Settings authenticator(Authenticator authenticator) {
            this.authenticator = authenticator;
            return this;
        }

        Settings authExecutor(Executor authExecutor) {
            this.authExecutor = authExecutor;
            return this;
        }

        Settings authorizer(Authorizer authorizer) {
            this.authorizer = authorizer;
            return this;
        }

        Settings enhancedAuthenticators(EnhancedAuthenticator... authenticators) {
            this.enhancedAuthenticators = List.of(authenticators);
            return this;
        }

        Settings hookTimeout(Duration hookTimeout) {
            this.hookTimeout = hookTimeout;
            return this;
        }
    }

    /** Changes settings; only before the first connection, since the broker is built then. */
    EmbeddedBroker configure(Consumer<Settings> changes) {
        if (wiring != null) {
            throw new IllegalStateException("configure the broker before the first connection opens");
        }
        changes.accept(settings);
        return this;
    }

    Broker broker() {
        return wiring().broker();
    }

    private Wiring wiring() {
        Wiring current = wiring;
        if (current == null) {
            Broker broker = build();
            current = new Wiring(broker, new MqttConnectionHandler.Flows(broker));
            wiring = current;
        }
        return current;
    }

    private Broker build() {
        SubscriptionTree subscriptions = new SubscriptionTree();
        SessionRegistry sessions = new SessionRegistry(subscriptions, new SessionSettings(settings.maxInflightMessages,
                settings.maxQueuedMessages, DropPolicy.DROP_OLDEST), SessionListener.NONE, timers);
        RetainedMessageStore retainedMessages = new InMemoryRetainedMessageStore();
        MessagePublisher publisher = new MessagePublisher(retainedMessages, new MessageRouter(subscriptions, sessions));
        ProtocolSettings protocol = new ProtocolSettings(settings.protocolVersions, settings.maximumQos,
                settings.maxClientIdLength, settings.connectTimeout, 0, settings.maxPacketSize, true, true, true, true,
                10, 1024, Session.NEVER_EXPIRES, null, true, true, null, settings.maxInflightMessages,
                settings.hookTimeout);
        return new Broker(protocol, sessions, publisher, retainedMessages, settings.authenticator,
                new EnhancedAuthenticators(settings.enhancedAuthenticators), settings.authExecutor,
                settings.authorizer);
    }

    RetainedMessageStore retainedMessages() {
        return broker().retainedMessages();
    }

    /** Opens a connection (the broker side is active, the connect timeout runs) that has sent nothing yet. */
    EmbeddedMqttClient newClient() {
        Wiring current = wiring();
        int maxPacketSize = settings.maxPacketSize;
        int maxClientIdLength = settings.maxClientIdLength;
        // Time stands still from the start and moves only when a test advances this ticker.
        MockTicker ticker = Ticker.newMockTicker();
        // The same handlers, in the same order and with the same names, as MqttChannelInitializer.
        EmbeddedChannel channel = EmbeddedChannel.builder().ticker(ticker).register(true)
                .handlers(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast("flushConsolidation", new FlushConsolidationHandler(256, true))
                                .addLast("messageFlowDecoder", new MessageFlowDecoder(maxPacketSize))
                                .addLast("mqttDecoder", new MqttDecoder(maxPacketSize, maxClientIdLength))
                                .addLast("mqttEncoder", MqttEncoder.INSTANCE)
                                .addLast("mqtt", new MqttConnectionHandler(current.broker(), current.flows(),
                                        ListenerContext.named("embedded")));
                    }
                })
                .build();
        EmbeddedMqttClient client = new EmbeddedMqttClient(channel, ticker, this::runEventLoops);
        clients.add(client);
        return client;
    }

    /**
     * Runs every connection's pending tasks until none is left, as the broker's event loops would, including
     * those of connections that have closed (a session may still be owned by one).
     */
    void runEventLoops() {
        boolean ran;
        do {
            ran = false;
            for (EmbeddedMqttClient client : clients) {
                EmbeddedChannel channel = client.brokerChannel();
                if (channel.hasPendingTasks()) {
                    channel.runPendingTasks();
                    ran = true;
                }
            }
        } while (ran);
    }

    /** A client whose CONNECT (clean session, no keep-alive) the broker accepted. */
    EmbeddedMqttClient connectedClient(String clientId) {
        EmbeddedMqttClient client = newClient();
        MqttConnAckMessage connAck = client.connect(ClientPackets.connect(clientId));
        assertThat(connAck.variableHeader().connectReturnCode()).as("CONNACK of %s", clientId)
                .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        return client;
    }

    /** Finishes every connection, releasing what the channels still hold; fails when the broker logged an error. */
    @Override
    public void close() {
        timers.shutdownNow();
        try {
            clients.forEach(EmbeddedMqttClient::close);
            List<String> logged = errors.list.stream()
                    .filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
                    .map(event -> event.getLoggerName() + ": " + event.getFormattedMessage())
                    .toList();
            assertThat(logged).as("errors the broker logged").isEmpty();
        } finally {
            petrelLogger.detachAppender(errors);
            errors.stop();
        }
    }
}
