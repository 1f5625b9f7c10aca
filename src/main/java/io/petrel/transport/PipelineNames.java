package io.petrel.transport;

/** Names of the handlers in a connection's pipeline, so that later handlers can be placed among them. */
final class PipelineNames {

    static final String PROXY_DETECTOR = "proxyProtocolDetector";
    static final String PROXY_DECODER = "proxyProtocolDecoder";
    static final String PROXY = "proxyProtocol";
    static final String TLS = "tls";
    static final String FLUSH_CONSOLIDATION = "flushConsolidation";
    static final String HTTP = "http";
    static final String HTTP_AGGREGATOR = "httpAggregator";
    static final String WEBSOCKET_CHECK = "webSocketCheck";
    static final String WEBSOCKET = "webSocket";
    static final String WEBSOCKET_FRAMES = "webSocketFrames";
    static final String FLOW_DECODER = "messageFlowDecoder";
    static final String DECODER = "mqttDecoder";
    static final String ENCODER = "mqttEncoder";
    static final String MQTT = "mqtt";

    private PipelineNames() {}
}
