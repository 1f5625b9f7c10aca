package io.petrel.transport;

/**
 * One socket the server listens on.
 *
 * @param name the listener's name, as in {@code mqtt.listeners.<name>}
 * @param host the address to bind ({@code 0.0.0.0} or {@code ::} for all)
 * @param port the port; 0 picks a free one
 */
public record ListenerSpec(String name, String host, int port) {}
