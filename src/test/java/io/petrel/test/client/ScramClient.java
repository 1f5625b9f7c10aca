package io.petrel.test.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of one SCRAM-SHA-256 exchange (RFC 5802, without channel binding), written apart from the
 * broker's: Hi comes from the JDK's PBKDF2WithHmacSHA256, so the two sides do not share a mistake.
 */
public final class ScramClient {

    private final String username;
    private final String password;
    private final String clientNonce;
    private byte[] expectedServerSignature = new byte[0];

    public ScramClient(String username, String password, String clientNonce) {
        this.username = username;
        this.password = password;
        this.clientNonce = clientNonce;
    }

    private String clientFirstBare() {
        return "n=" + username.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
    }

    public byte[] clientFirst() {
        return ("n,," + clientFirstBare()).getBytes(StandardCharsets.UTF_8);
    }

    /** Answers server-first with client-final, and remembers which server signature to expect. */
    public byte[] clientFinal(byte[] serverFirstBytes) {
        String serverFirst = new String(serverFirstBytes, StandardCharsets.UTF_8);
        Map<String, String> attributes = new HashMap<>();
        for (String attribute : serverFirst.split(",")) {
            attributes.put(attribute.substring(0, 1), attribute.substring(2));
        }
        String nonce = attributes.get("r");
        if (!nonce.startsWith(clientNonce)) {
            throw new IllegalStateException("server nonce does not extend the client's: " + serverFirst);
        }
        byte[] salted = pbkdf2(Base64.getDecoder().decode(attributes.get("s")), Integer.parseInt(attributes.get("i")));
        String withoutProof = "c=biws,r=" + nonce;
        byte[] authMessage = (clientFirstBare() + "," + serverFirst + "," + withoutProof)
                .getBytes(StandardCharsets.UTF_8);
        byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] clientSignature = hmac(sha256(clientKey), authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
        }
        expectedServerSignature = hmac(hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII)), authMessage);
        return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether server-final proves that the server knows the credential. */
    public boolean verifyServerFinal(byte[] serverFinal) {
        String expected = "v=" + Base64.getEncoder().encodeToString(expectedServerSignature);
        return expectedServerSignature.length > 0
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), serverFinal);
    }

    private byte[] pbkdf2(byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
