package io.petrel.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.petrel.protocol.Broker;
import io.petrel.protocol.MqttConnectionHandler;
import io.petrel.protocol.ProtocolMetrics;
import io.petrel.protocol.ServerStopping;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The MQTT network server: one acceptor thread, a group of I/O event loops (native epoll where available)
 * and one bootstrap per listener, all sharing one broker. Started and stopped by the Spring lifecycle;
 * {@link #start()} fails when a listener cannot bind.
 */
public final class MqttServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MqttServer.class);
    /** What closing by force may add to the drain timeout: closing sockets and ending idle event loops. */
    private static final long FORCED_STOP_MILLIS = 1000;

    private final List<ListenerSpec> listeners;
    private final Broker broker;
    private final ServerSettings settings;
    private final ProtocolMetrics.Factory metrics;
    private final Map<String, Channel> boundChannels = new LinkedHashMap<>();
    private final Map<String, ListenerStats> listenerStats = new LinkedHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private @Nullable EventLoopGroup acceptorGroup;
    private @Nullable EventLoopGroup ioGroup;
    private @Nullable ChannelGroup clientChannels;
    private volatile boolean running;

    public MqttServer(List<ListenerSpec> listeners, Broker broker, ServerSettings settings) {
        this(listeners, broker, settings, ProtocolMetrics.Factory.NONE);
    }

    public MqttServer(List<ListenerSpec> listeners, Broker broker, ServerSettings settings,
            ProtocolMetrics.Factory metrics) {
        this.listeners = List.copyOf(listeners);
        this.broker = broker;
        this.settings = settings;
        this.metrics = metrics;
        listeners.forEach(listener -> listenerStats.put(listener.name(), new ListenerStats()));
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory ioHandlers = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        acceptorGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("mqtt-accept"), ioHandlers);
        // One event loop per core: more only adds wake-ups and cross-thread hand-offs (Netty's own default is two).
        int ioThreads = settings.ioThreads() > 0 ? settings.ioThreads() : Runtime.getRuntime().availableProcessors();
        ioGroup = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("mqtt-io"), ioHandlers);
        clientChannels = new DefaultChannelGroup("mqtt-clients", GlobalEventExecutor.INSTANCE);
        MqttConnectionHandler.Flows flows = new MqttConnectionHandler.Flows(broker);
        try {
            for (ListenerSpec listener : listeners) {
                ListenerStats stats = listenerStats.get(listener.name());
                Channel channel = new ServerBootstrap()
                        .group(acceptorGroup, ioGroup)
                        .channel(channelType)
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .handler(new ConnectionGate(listener, settings.maxConnections(), connections, stats))
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                        .childHandler(new MqttChannelInitializer(listener, broker, flows, settings, clientChannels, stats,
                                metrics.forListener(listener.name())))
                        .bind(listener.host(), listener.port())
                        .syncUninterruptibly()
                        .channel();
                boundChannels.put(listener.name(), channel);
                log.info("MQTT listener '{}' ({}{}) bound to {} ({})", listener.name(), describe(listener),
                        listener.proxyProtocol() ? ", PROXY protocol" : "", channel.localAddress(),
                        epoll ? "epoll" : "nio");
            }
        } catch (RuntimeException e) {
            shutDown();
            throw new IllegalStateException("Could not start the MQTT listeners: " + e.getMessage(), e);
        }
        running = true;
    }

    @Override
    public synchronized void stop() {
        if (running) {
            running = false;
            shutDown();
            log.info("MQTT server stopped");
        }
    }

    private static String describe(ListenerSpec listener) {
        String kind = listener.kind().name().toLowerCase(Locale.ROOT);
        TlsContext tls = listener.tls();
        String clientAuth = tls == null || tls.clientAuth() == TlsClientAuth.NONE ? ""
                : ", client certificates " + tls.clientAuth().name().toLowerCase(Locale.ROOT);
        return (listener.kind().isWebSocket() ? kind + " at " + listener.path() : kind) + clientAuth;
    }

    /**
     * Stops accepting, asks every connection to end (MQTT 5 clients hear why) and waits for them within the
     * drain timeout; what is still open then is closed by force. Sessions are kept.
     */
    private void shutDown() {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        boundChannels.values().forEach(channel -> channel.close().syncUninterruptibly());
        boundChannels.clear();
        ChannelGroup clients = clientChannels;
        if (clients != null && !clients.isEmpty()) {
            log.info("Draining {} MQTT connections (mqtt.shutdown.drain-timeout {})", clients.size(),
                    settings.drainTimeout());
            ServerStopping stopping = new ServerStopping(settings.serverReference());
            clients.forEach(channel -> channel.pipeline().fireUserEventTriggered(stopping));
            if (!clients.newCloseFuture().awaitUninterruptibly(remainingMillis(deadline), TimeUnit.MILLISECONDS)) {
                log.warn("Closing the {} MQTT connections still open after the drain timeout", clients.size());
                clients.close().awaitUninterruptibly(FORCED_STOP_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
        for (EventLoopGroup group : new EventLoopGroup[] {acceptorGroup, ioGroup}) {
            if (group != null) {
                long timeout = Math.max(remainingMillis(deadline), FORCED_STOP_MILLIS);
                group.shutdownGracefully(0, timeout, TimeUnit.MILLISECONDS).awaitUninterruptibly(timeout);
            }
        }
        acceptorGroup = null;
        ioGroup = null;
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The port a listener is bound to, once started. */
    public synchronized OptionalInt localPort(String listener) {
        Channel channel = boundChannels.get(listener);
        return channel == null ? OptionalInt.empty()
                : OptionalInt.of(((InetSocketAddress) channel.localAddress()).getPort());
    }

    /** Listener names and whether each is bound and accepting. */
    public synchronized Map<String, Boolean> listenerStates() {
        Map<String, Boolean> states = new LinkedHashMap<>();
        for (ListenerSpec listener : listeners) {
            Channel channel = boundChannels.get(listener.name());
            states.put(listener.name(), channel != null && channel.isActive());
        }
        return states;
    }

    /** Connection counts per listener, by listener name; present before the server starts. */
    public Map<String, ListenerStats> listenerStats() {
        return Collections.unmodifiableMap(listenerStats);
    }

    /** Open client connections over all listeners. */
    public int connectionCount() {
        ChannelGroup group = clientChannels;
        return group == null ? 0 : group.size();
    }
}
