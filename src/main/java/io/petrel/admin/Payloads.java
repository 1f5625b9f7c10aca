package io.petrel.admin;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Payloads in JSON: UTF-8 text as it is ({@code "text"}), any other bytes in Base64 ({@code "base64"}). */
final class Payloads {

    static final String TEXT = "text";
    static final String BASE64 = "base64";

    private Payloads() {}

    /** The payload's bytes; a null payload is empty, a null encoding is text. */
    static byte[] decode(@Nullable String payload, @Nullable String encoding) {
        String chosen = encoding == null ? TEXT : encoding.toLowerCase(Locale.ROOT);
        if (!chosen.equals(TEXT) && !chosen.equals(BASE64)) {
            throw AdminRequestException.badRequest("encoding must be text or base64: " + encoding);
        }
        if (payload == null) {
            return new byte[0];
        }
        return chosen.equals(TEXT) ? payload.getBytes(StandardCharsets.UTF_8) : base64(payload);
    }

    private static byte[] base64(String payload) {
        try {
            return Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw AdminRequestException.badRequest("the payload is not valid Base64");
        }
    }

    /** The text of a well-formed UTF-8 payload, or null when the bytes are not UTF-8. */
    static @Nullable String text(byte[] payload) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
