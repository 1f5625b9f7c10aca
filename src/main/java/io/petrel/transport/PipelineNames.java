package io.petrel.transport;

/** Names of the handlers in a connection's pipeline, so that later handlers can be placed among them. */
final class PipelineNames {

    static final String FLUSH_CONSOLIDATION = "flushConsolidation";
    static final String DECODER = "mqttDecoder";
    static final String ENCODER = "mqttEncoder";
    static final String MQTT = "mqtt";

    private PipelineNames() {}
}
