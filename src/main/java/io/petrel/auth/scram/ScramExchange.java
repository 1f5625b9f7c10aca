package io.petrel.auth.scram;

import io.petrel.auth.AuthenticationExchange;
import io.petrel.auth.AuthenticationStep;
import io.petrel.auth.ConnectRequest;
import io.petrel.message.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The server side of one SCRAM-SHA-256 exchange: client-first (in CONNECT or AUTH 0x19) gets server-first in
 * AUTH 0x18; client-final gets server-final in CONNACK (or AUTH 0x00), or a refusal. An unknown user gets a
 * decoy challenge and the same refusal as a wrong password, so that nobody learns which users exist.
 */
final class ScramExchange implements AuthenticationExchange {

    /** The one refusal for every failed proof, whatever the reason. */
    static final String FAILED = "SCRAM authentication failed";

    private final ConnectRequest request;
    private final ScramSha256Authenticator authenticator;

    // State between the two steps; steps never run concurrently.
    private @Nullable String gs2Header;
    private @Nullable String clientFirstBare;
    private @Nullable String serverFirst;
    private @Nullable String nonce;
    private @Nullable String username;
    private @Nullable ScramCredential credential; // a decoy for an unknown user, which no proof matches
    private boolean done;

    ScramExchange(ConnectRequest request, ScramSha256Authenticator authenticator) {
        this.request = request;
        this.authenticator = authenticator;
    }

    @Override
    public AuthenticationStep step(byte @Nullable [] clientData) {
        if (clientData == null || done) {
            return refuse(clientData == null ? "SCRAM needs authentication data" : "the SCRAM exchange has ended");
        }
        String message = new String(clientData, StandardCharsets.UTF_8);
        try {
            return serverFirst == null ? clientFirst(message) : clientFinal(message);
        } catch (MalformedScramException e) {
            return refuse("malformed SCRAM message: " + e.getMessage());
        }
    }

    /** client-first-message = gs2-header client-first-message-bare (RFC 5802 section 7). */
    private AuthenticationStep clientFirst(String message) throws MalformedScramException {
        int authzidEnd = message.indexOf(',', message.indexOf(',') + 1);
        if (authzidEnd < 0) {
            throw new MalformedScramException("no GS2 header");
        }
        String header = message.substring(0, authzidEnd + 1);
        if (header.startsWith("p=")) {
            return refuse("SCRAM channel binding is not supported; use SCRAM-SHA-256 without -PLUS");
        }
        if (!header.equals("n,,") && !header.equals("y,,")) {
            throw new MalformedScramException("GS2 header must be n,, or y,, (no authorization identity)");
        }
        String bare = message.substring(authzidEnd + 1);
        ScramAttributes attributes = ScramAttributes.parse(bare);
        String user = ScramAttributes.decodeName(attributes.require('n', 0));
        String clientNonce = attributes.require('r', 1);
        if (attributes.has('m')) {
            throw new MalformedScramException("mandatory extensions are not supported");
        }
        if (request.username() != null && !request.username().equals(user)) {
            return refuse("the SCRAM user name differs from the user name in CONNECT");
        }
        gs2Header = header;
        clientFirstBare = bare;
        username = user;
        nonce = clientNonce + authenticator.serverNonce();
        ScramCredential known = authenticator.credentials().find(user);
        ScramCredential challenge = known != null ? known : authenticator.decoy(user);
        credential = challenge;
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(challenge.salt()) + ",i="
                + challenge.iterations();
        return AuthenticationStep.challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
    }

    /** client-final-message = channel-binding "," nonce ["," extensions] "," proof. */
    private AuthenticationStep clientFinal(String message) throws MalformedScramException {
        done = true;
        int proofStart = message.lastIndexOf(",p=");
        if (proofStart < 0) {
            throw new MalformedScramException("no proof");
        }
        String withoutProof = message.substring(0, proofStart);
        ScramAttributes attributes = ScramAttributes.parse(withoutProof);
        String channelBinding = attributes.require('c', 0);
        String finalNonce = attributes.require('r', 1);
        byte[] proof = decode(message.substring(proofStart + 3));
        String expectedBinding = Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8));
        ScramCredential stored = Objects.requireNonNull(credential);
        if (!channelBinding.equals(expectedBinding) || !finalNonce.equals(nonce)) {
            return refuse(FAILED);
        }
        // An unknown user's decoy goes through the same computation, so that the answer takes as long.
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof)
                .getBytes(StandardCharsets.UTF_8);
        byte[] clientSignature = ScramSha256.hmac(stored.storedKey(), authMessage);
        if (proof.length != clientSignature.length) {
            return refuse(FAILED);
        }
        byte[] clientKey = ScramSha256.xor(proof, clientSignature);
        if (!MessageDigest.isEqual(ScramSha256.hash(clientKey), stored.storedKey())) {
            return refuse(FAILED);
        }
        byte[] serverSignature = ScramSha256.hmac(stored.serverKey(), authMessage);
        String serverFinal = "v=" + Base64.getEncoder().encodeToString(serverSignature);
        return AuthenticationStep.success(username, serverFinal.getBytes(StandardCharsets.UTF_8));
    }

    private AuthenticationStep refuse(String reason) {
        done = true;
        return AuthenticationStep.failure(ReasonCode.NOT_AUTHORIZED, reason);
    }

    private static byte[] decode(String base64) throws MalformedScramException {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new MalformedScramException("proof is not base64");
        }
    }
}
