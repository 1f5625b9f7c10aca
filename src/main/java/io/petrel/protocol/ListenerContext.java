package io.petrel.protocol;

/**
 * What the protocol layer knows of the listener a connection came in on; shared by all its connections.
 *
 * @param name the listener's name, as in {@code mqtt.listeners.<name>}
 * @param certificateIdentity what to take from a verified client certificate
 * @param metrics where its connections report traffic
 */
public record ListenerContext(String name, CertificateIdentity certificateIdentity, ProtocolMetrics metrics) {

    /** A listener that takes nothing from certificates and reports no metrics. */
    public static ListenerContext named(String name) {
        return new ListenerContext(name, CertificateIdentity.NONE, ProtocolMetrics.NONE);
    }
}
