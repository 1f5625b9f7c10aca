package io.petrel.routing;

import io.petrel.message.Message;
import io.petrel.message.Qos;

/**
 * A message on its way to one subscriber: the QoS it is sent with (the lower of the published and the
 * granted QoS) and whether it goes out flagged as retained.
 */
public record Delivery(Message message, Qos qos, boolean retain) {}
