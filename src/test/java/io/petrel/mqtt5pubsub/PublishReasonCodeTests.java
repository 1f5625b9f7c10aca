package io.petrel.mqtt5pubsub;

import static io.petrel.test.client.Packets.connect5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult.Mqtt5Qos1Result;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult.Mqtt5Qos2Result;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.pubrec.Mqtt5PubRecReasonCode;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt5Subscriber;
import io.petrel.test.client.Packet;
import io.petrel.test.client.Packets;
import io.petrel.test.client.Paho5Client;
import io.petrel.test.client.RawClient;
import io.petrel.test.client.TestClients;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MQTT 5 reason codes in PUBACK, PUBREC and PUBCOMP (mosquitto 03-publish-*-v5): no matching subscribers,
 * not authorized, packet identifier in use and packet identifier not found.
 */
@BrokerTest
class PublishReasonCodeTests {

    @RegisterExtension
    final TestClients clients = new TestClients();

    Mqtt5BlockingClient publisher;

    @BeforeEach
    void connectPublisher() {
        publisher = clients.connected5("pub");
    }

    @Test
    void qos1PublishWithoutSubscribersIsAckedWithNoMatchingSubscribers() {
        Mqtt5Qos1Result result = (Mqtt5Qos1Result) TestClients.publish(publisher, Clients.unique("nobody"),
                MqttQos.AT_LEAST_ONCE, "unheard");

        assertThat(result.getPubAck().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
    }

    @Test
    void qos2PublishWithoutSubscribersIsReceivedWithNoMatchingSubscribers() {
        Mqtt5Qos2Result result = (Mqtt5Qos2Result) TestClients.publish(publisher, Clients.unique("nobody"),
                MqttQos.EXACTLY_ONCE, "unheard");

        assertThat(result.getPubRec().getReasonCode()).isEqualTo(Mqtt5PubRecReasonCode.NO_MATCHING_SUBSCRIBERS);
    }

    @Test
    void publishWithAMatchingSubscriberIsAcknowledgedWithSuccess() throws Exception {
        String topic = Clients.unique("heard");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.EXACTLY_ONCE);

        Mqtt5Qos1Result qos1 = (Mqtt5Qos1Result) TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "1");
        Mqtt5Qos2Result qos2 = (Mqtt5Qos2Result) TestClients.publish(publisher, topic, MqttQos.EXACTLY_ONCE, "2");

        assertThat(qos1.getPubAck().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(qos2.getPubRec().getReasonCode()).isEqualTo(Mqtt5PubRecReasonCode.SUCCESS);
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("1");
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("2");
    }

    @Test
    void publishToSysIsRefusedWithNotAuthorizedAndTheConnectionStaysOpen() throws Exception {
        String sysTopic = "$SYS/" + Clients.unique("forged");
        Mqtt5Subscriber sysSubscriber = clients.subscriber5(sysTopic, MqttQos.AT_LEAST_ONCE);

        Mqtt5PubAckException qos1 = catchThrowableOfType(Mqtt5PubAckException.class,
                () -> TestClients.publish(publisher, sysTopic, MqttQos.AT_LEAST_ONCE, "1"));
        Mqtt5PubRecException qos2 = catchThrowableOfType(Mqtt5PubRecException.class,
                () -> TestClients.publish(publisher, sysTopic, MqttQos.EXACTLY_ONCE, "2"));

        assertThat(qos1).as("PUBACK with an error code").isNotNull();
        assertThat(qos1.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(qos2).as("PUBREC with an error code").isNotNull();
        assertThat(qos2.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubRecReasonCode.NOT_AUTHORIZED);
        sysSubscriber.assertNothingReceived();
        // MQTT 5 refuses in the acknowledgement; the connection goes on
        String topic = Clients.unique("after-refusal");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.AT_LEAST_ONCE);
        TestClients.publish(publisher, topic, MqttQos.AT_LEAST_ONCE, "still connected");
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("still connected");
        assertThat(publisher.getState().isConnected()).isTrue();
    }

    @Test
    void pahoPublishToSysIsRefusedWithNotAuthorizedAndTheConnectionStaysOpen() throws Exception {
        String topic = Clients.unique("paho-after-refusal");
        Paho5Client subscriber = clients.paho5(Clients.unique("paho-sub")).connect();
        subscriber.subscribe(new MqttSubscription(topic, 1));
        Paho5Client paho = clients.paho5(Clients.unique("paho-pub")).connect();

        IMqttToken refused = paho.publishWithoutWaiting("$SYS/" + Clients.unique("forged"), qos1("forged"));
        Throwable failure = catchThrowable(() -> refused.waitForCompletion(TestClients.PATIENCE.toMillis()));
        paho.publish(topic, qos1("still connected"));

        assertThat(refused.getReasonCodes()).as("PUBACK reason codes (failure: %s)", failure).containsExactly(0x87);
        assertThat(subscriber.receive().text()).isEqualTo("still connected");
        assertThat(paho.isConnected()).isTrue();
    }

    @Test
    void qos2PublishReusingAnUnreleasedPacketIdentifierIsRefusedWithPacketIdentifierInUse() throws Exception {
        String topic = Clients.unique("id-in-use");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.EXACTLY_ONCE);
        RawClient raw = clients.raw(connect5(Clients.unique("raw-pub")));

        Packet first = raw.send(Packets.publish5(topic, 2, 5).payload("first").bytes()).read();
        Packet reused = raw.send(Packets.publish5(topic, 2, 5).payload("second").bytes()).read();
        Packet released = raw.send(Packets.pubrel(5)).read();

        assertThat(first.header()).isEqualTo(0x50);
        assertThat(first.reasonCode()).isZero();
        assertThat(reused.header()).isEqualTo(0x50);
        assertThat(reused.packetId()).isEqualTo(5);
        assertThat(reused.reasonCode()).isEqualTo(0x91);
        assertThat(released.header()).isEqualTo(0x70);
        assertThat(released.reasonCode()).isZero();
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("first");
        subscriber.assertNothingReceived();

        // released: the identifier is free again
        assertThat(raw.send(Packets.publish5(topic, 2, 5).payload("third").bytes()).read().reasonCode()).isZero();
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("third");
    }

    @Test
    void qos2PublishRefusedAsNotAuthorizedLeavesItsPacketIdentifierFree() throws Exception {
        String topic = Clients.unique("after-sys");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.EXACTLY_ONCE);
        RawClient raw = clients.raw(connect5(Clients.unique("raw-pub")));

        Packet refused = raw.send(Packets.publish5("$SYS/" + topic, 2, 9).payload("forged").bytes()).read();
        Packet accepted = raw.send(Packets.publish5(topic, 2, 9).payload("next").bytes()).read();

        assertThat(refused.reasonCode()).isEqualTo(0x87);
        assertThat(accepted.reasonCode()).as("no PUBREL follows a refused PUBREC: 9 is free").isZero();
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("next");
    }

    @Test
    void qos2PublishResentWithDupIsAcknowledgedAgainButRoutedOnce() throws Exception {
        String topic = Clients.unique("dup");
        Mqtt5Subscriber subscriber = clients.subscriber5(topic, MqttQos.EXACTLY_ONCE);
        RawClient raw = clients.raw(connect5(Clients.unique("raw-pub")));

        Packet first = raw.send(Packets.publish5(topic, 2, 6).payload("once").bytes()).read();
        Packet resent = raw.send(Packets.publish5(topic, 2, 6).dup().payload("once").bytes()).read();

        assertThat(first.reasonCode()).isZero();
        assertThat(resent.header()).isEqualTo(0x50);
        assertThat(resent.reasonCode()).isZero(); // [MQTT-4.3.3-10] a resend, not a new message
        assertThat(TestClients.text(subscriber.receive())).isEqualTo("once");
        subscriber.assertNothingReceived();
    }

    @Test
    void pubrelForAnUnknownPacketIdentifierIsAnsweredWithPacketIdentifierNotFound() throws Exception {
        RawClient raw = clients.raw(connect5(Clients.unique("raw-pub")));

        Packet pubcomp = raw.send(Packets.pubrel(77)).read();

        assertThat(pubcomp.header()).isEqualTo(0x70);
        assertThat(pubcomp.packetId()).isEqualTo(77);
        assertThat(pubcomp.reasonCode()).isEqualTo(0x92);
        raw.assertResponsive();
    }

    private static MqttMessage qos1(String payload) {
        MqttMessage message = new MqttMessage(TestClients.utf8(payload));
        message.setQos(1);
        return message;
    }
}
