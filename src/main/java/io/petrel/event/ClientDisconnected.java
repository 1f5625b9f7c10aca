package io.petrel.event;

import io.petrel.auth.ClientInfo;
import io.petrel.message.ReasonCode;
import java.time.Instant;

/**
 * The connection of an accepted client ended.
 *
 * @param client who it was
 * @param reasonCode the reason code of the client's DISCONNECT, the one the broker disconnected with, or
 *     {@link ReasonCode#UNSPECIFIED_ERROR} when the network connection closed without DISCONNECT
 * @param reason what happened, as logged ("client sent DISCONNECT", "nothing received for 1.5 x keep alive", …)
 * @param time when the connection closed
 */
public record ClientDisconnected(ClientInfo client, ReasonCode reasonCode, String reason, Instant time)
        implements BrokerEvent {}
