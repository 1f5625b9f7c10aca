package io.petrel.auth.scram;

/** A SCRAM message that does not follow the RFC 5802 syntax; the exchange ends with a refusal naming why. */
final class MalformedScramException extends Exception {

    MalformedScramException(String message) {
        super(message, null, false, false);
    }
}
