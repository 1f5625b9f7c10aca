package io.petrel.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.petrel.protocol.Broker;
import io.petrel.protocol.ListenerContext;
import io.petrel.protocol.MessageFlowDecoder;
import io.petrel.protocol.MqttConnectionHandler;
import io.petrel.protocol.ProtocolMetrics;

/**
 * Builds the pipeline of every connection one listener accepts: [PROXY protocol] [TLS] [HTTP and
 * WebSocket] MQTT. The connection limits were checked before, by the listener's {@link ConnectionGate}.
 */
final class MqttChannelInitializer extends ChannelInitializer<Channel> {

    /** The WebSocket upgrade request is small; anything larger is not a browser or MQTT client. */
    private static final int MAX_UPGRADE_REQUEST_BYTES = 16 * 1024;
    private static final String SUBPROTOCOLS = String.join(",", WebSocketUpgradeCheck.SUBPROTOCOLS);

    private final ListenerSpec listener;
    private final ListenerContext context;
    private final Broker broker;
    private final MqttConnectionHandler.Flows flows;
    private final ServerSettings settings;
    private final ChannelGroup channels;
    private final ListenerStats stats;
    private final WebSocketUpgradeCheck upgradeCheck;
    private final WebSocketServerProtocolConfig webSocketConfig;

    MqttChannelInitializer(ListenerSpec listener, Broker broker, MqttConnectionHandler.Flows flows,
            ServerSettings settings, ChannelGroup channels, ListenerStats stats, ProtocolMetrics metrics) {
        this.listener = listener;
        this.context = new ListenerContext(listener.name(), listener.certificateIdentity(), metrics);
        this.broker = broker;
        this.flows = flows;
        this.settings = settings;
        this.channels = channels;
        this.stats = stats;
        this.upgradeCheck = new WebSocketUpgradeCheck(listener.name(), listener.path());
        this.webSocketConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(listener.path())
                // WebSocketUpgradeCheck has matched the path exactly; this lets a query string through too.
                .checkStartsWith(true)
                .subprotocols(SUBPROTOCOLS)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(settings.maxPacketSize())
                        .allowExtensions(false)
                        .build())
                .build();
    }

    @Override
    protected void initChannel(Channel channel) {
        channels.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        if (listener.proxyProtocol()) {
            // The header comes first on the wire, before any TLS record.
            pipeline.addLast(PipelineNames.PROXY_DETECTOR, ProxyHeaderDetector.INSTANCE)
                    .addLast(PipelineNames.PROXY_DECODER, new HAProxyMessageDecoder())
                    .addLast(PipelineNames.PROXY, new ProxyProtocolHandler(stats));
        }
        TlsContext tls = listener.tls();
        if (tls != null) {
            pipeline.addLast(PipelineNames.TLS, tls.newHandler(channel.alloc()));
        }
        // Flushes during a read batch wait for its end; others (session drains) go out at once, so that a
        // drain that fills the outbound buffer can flush it and keep writing.
        pipeline.addLast(PipelineNames.FLUSH_CONSOLIDATION, new FlushConsolidationHandler(256, false));
        if (listener.kind().isWebSocket()) {
            // The handshake replaces the HTTP handlers with WebSocket frame handlers and drops the aggregator.
            pipeline.addLast(PipelineNames.HTTP, new HttpServerCodec())
                    .addLast(PipelineNames.HTTP_AGGREGATOR, new HttpObjectAggregator(MAX_UPGRADE_REQUEST_BYTES))
                    .addLast(PipelineNames.WEBSOCKET_CHECK, upgradeCheck)
                    .addLast(PipelineNames.WEBSOCKET, new WebSocketServerProtocolHandler(webSocketConfig))
                    .addLast(PipelineNames.WEBSOCKET_FRAMES, WebSocketFrameCodec.INSTANCE);
        }
        pipeline.addLast(PipelineNames.FLOW_DECODER, new MessageFlowDecoder(settings.maxRemainingLength()))
                .addLast(PipelineNames.DECODER, new MqttDecoder(settings.maxRemainingLength(), settings.maxClientIdLength()))
                .addLast(PipelineNames.ENCODER, MqttEncoder.INSTANCE)
                .addLast(PipelineNames.MQTT, new MqttConnectionHandler(broker, flows, context));
    }
}
