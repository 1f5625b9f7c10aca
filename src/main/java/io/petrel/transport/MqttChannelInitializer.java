package io.petrel.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.petrel.protocol.Broker;
import io.petrel.protocol.MqttConnectionHandler;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the pipeline of every accepted connection of one listener, after checking the connection limit:
 * a connection over the limit is closed before any handler is added, so it costs almost nothing.
 */
final class MqttChannelInitializer extends ChannelInitializer<Channel> {

    private static final Logger log = LoggerFactory.getLogger(MqttChannelInitializer.class);

    private final String listener;
    private final Broker broker;
    private final MqttConnectionHandler.Flows flows;
    private final ServerSettings settings;
    private final ChannelGroup channels;
    private final AtomicInteger connections;

    MqttChannelInitializer(String listener, Broker broker, MqttConnectionHandler.Flows flows, ServerSettings settings,
            ChannelGroup channels, AtomicInteger connections) {
        this.listener = listener;
        this.broker = broker;
        this.flows = flows;
        this.settings = settings;
        this.channels = channels;
        this.connections = connections;
    }

    @Override
    protected void initChannel(Channel channel) {
        if (settings.maxConnections() >= 0 && connections.incrementAndGet() > settings.maxConnections()) {
            connections.decrementAndGet();
            log.warn("Refused connection from {} on listener {}: {} connections open (mqtt.max-connections)",
                    channel.remoteAddress(), listener, settings.maxConnections());
            channel.close();
            return;
        }
        if (settings.maxConnections() >= 0) {
            channel.closeFuture().addListener(future -> connections.decrementAndGet());
        }
        channels.add(channel);
        channel.pipeline()
                // Flushes during a read batch wait for its end; others (session drains) go out at once, so
                // that a drain that fills the outbound buffer can flush it and keep writing.
                .addLast(PipelineNames.FLUSH_CONSOLIDATION, new FlushConsolidationHandler(256, false))
                .addLast(PipelineNames.DECODER,
                        new MqttDecoder(settings.maxRemainingLength(), settings.maxClientIdLength()))
                .addLast(PipelineNames.ENCODER, MqttEncoder.INSTANCE)
                .addLast(PipelineNames.MQTT, new MqttConnectionHandler(broker, flows, listener));
    }
}
