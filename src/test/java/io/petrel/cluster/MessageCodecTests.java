package io.petrel.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.message.Message;
import io.petrel.message.MessageProperties;
import io.petrel.message.Qos;
import io.petrel.message.UserProperty;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The binary form of a message in Redis gives back every field, present or absent. */
class MessageCodecTests {

    private static Message roundTrip(Message message) throws IOException {
        return MessageCodec.decode(MessageCodec.encode(message));
    }

    private static void assertSame(Message decoded, Message original) {
        assertThat(decoded.topic()).isEqualTo(original.topic());
        assertThat(decoded.payload()).isEqualTo(original.payload());
        assertThat(decoded.qos()).isEqualTo(original.qos());
        assertThat(decoded.retain()).isEqualTo(original.retain());
        assertThat(decoded.expiresAt()).isEqualTo(original.expiresAt());
        assertThat(decoded.origin()).isEqualTo(original.origin());
        MessageProperties expected = original.properties();
        MessageProperties actual = decoded.properties();
        assertThat(actual.payloadFormatIndicator()).isEqualTo(expected.payloadFormatIndicator());
        assertThat(actual.contentType()).isEqualTo(expected.contentType());
        assertThat(actual.responseTopic()).isEqualTo(expected.responseTopic());
        assertThat(actual.correlationData()).isEqualTo(expected.correlationData());
        assertThat(actual.userProperties()).isEqualTo(expected.userProperties());
    }

    @Test
    void everyMqtt5PropertySurvives() throws IOException {
        MessageProperties properties = new MessageProperties(1, "application/json", "replies/ü/1",
                new byte[] {0, 1, (byte) 0xFF}, List.of(new UserProperty("site", "north"),
                        new UserProperty("site", "south"), new UserProperty("", "")));
        Message message = new Message("plant/日本/temp", "{\"t\":21.5}".getBytes(StandardCharsets.UTF_8), Qos.EXACTLY_ONCE,
                true, properties, 1_800_000_000_123L, "sensor-7");

        Message decoded = roundTrip(message);

        assertSame(decoded, message);
        assertThat(decoded.properties().userProperties()).extracting(UserProperty::value)
                .as("order and duplicates kept").containsExactly("north", "south", "");
    }

    @Test
    void aMessageWithoutPropertiesExpiryOrOriginComesBackWithNone() throws IOException {
        Message message = new Message("a/b", new byte[] {42}, Qos.AT_MOST_ONCE, false);

        Message decoded = roundTrip(message);

        assertSame(decoded, message);
        assertThat(decoded.properties()).isSameAs(MessageProperties.NONE);
        assertThat(decoded.expiresAt()).isEqualTo(Message.NEVER);
        assertThat(decoded.origin()).isNull();
    }

    @Test
    void emptyValuesStayEmptyAndAreNotTakenForAbsentOnes() throws IOException {
        MessageProperties properties = new MessageProperties(0, "", "", new byte[0], List.of());
        Message message = new Message("x", new byte[0], Qos.AT_LEAST_ONCE, true, properties, Message.NEVER, "");

        Message decoded = roundTrip(message);

        assertSame(decoded, message);
        assertThat(decoded.payload()).isEmpty();
        assertThat(decoded.properties().correlationData()).isNotNull().isEmpty();
        assertThat(decoded.properties().payloadFormatIndicator()).isZero();
        assertThat(decoded.origin()).isEmpty();
    }

    @Test
    void onlySomePropertiesSet() throws IOException {
        MessageProperties properties = new MessageProperties(null, null, null, null,
                List.of(new UserProperty("k", "v")));
        Message message = new Message("only/user", "p".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, false,
                properties, 5, null);

        assertSame(roundTrip(message), message);
    }

    @ParameterizedTest
    @EnumSource(Qos.class)
    void everyQos(Qos qos) throws IOException {
        Message message = new Message("q", new byte[] {1}, qos, false);

        assertThat(roundTrip(message).qos()).isEqualTo(qos);
    }

    @Test
    void aLargePayloadSurvives() throws IOException {
        byte[] payload = new byte[1 << 20];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        Message message = new Message("big", payload, Qos.AT_LEAST_ONCE, true);

        assertThat(roundTrip(message).payload()).isEqualTo(payload);
    }

    @Test
    void aFormatFromANewerNodeIsRefused() {
        byte[] encoded = MessageCodec.encode(Message.of("t", "p", Qos.AT_MOST_ONCE, false));
        encoded[0] = 2;

        assertThatThrownBy(() -> MessageCodec.decode(encoded)).isInstanceOf(IOException.class)
                .hasMessageContaining("format 2");
    }
}
