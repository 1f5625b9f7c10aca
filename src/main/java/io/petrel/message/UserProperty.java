package io.petrel.message;

/** An MQTT 5 user property: a name and value pair; a message may carry the same name more than once. */
public record UserProperty(String name, String value) {}
