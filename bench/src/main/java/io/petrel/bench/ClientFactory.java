package io.petrel.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Opens MQTT client connections to a broker under test: native epoll, pooled buffers, Nagle off. Which
 * broker each connection goes to comes from {@link Brokers}, which admits loopback addresses only.
 */
final class ClientFactory implements AutoCloseable {

    /** Event loop threads are named, so the busiest-thread figure shows when an event loop was the limit. */
    private static final String THREAD_PREFIX = "bench-io";

    private static final int MAX_INBOUND_PACKET = 1024 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final SourceAddresses sources;
    private final ProtocolVersion version;

    ClientFactory(int threads, SourceAddresses sources, ProtocolVersion version) {
        Epoll.ensureAvailability();
        this.sources = sources;
        this.version = version;
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(THREAD_PREFIX),
                EpollIoHandler.newFactory());
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(EpollSocketChannel.class)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                // Lets the kernel pick the source port at connect time, per destination, not at bind time.
                .option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
    }

    /**
     * Connects to {@code broker} (one of {@link Brokers}) and sends CONNECT; {@link MqttClient#connected()}
     * completes on an accepting CONNACK.
     */
    MqttClient connect(String clientId, InetSocketAddress broker) {
        MqttClient client = new MqttClient(clientId, version);
        bootstrap.clone()
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline()
                                .addLast(new MqttDecoder(MAX_INBOUND_PACKET))
                                .addLast(MqttEncoder.INSTANCE)
                                .addLast(client);
                    }
                })
                .connect(broker, sources.next())
                .addListener(future -> {
                    if (!future.isSuccess()) {
                        client.connectFailed(future.cause());
                    }
                });
        return client;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
