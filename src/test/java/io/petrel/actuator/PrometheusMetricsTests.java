package io.petrel.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt3Subscriber;
import io.petrel.test.client.TestClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Value;

/**
 * {@code /actuator/prometheus} serves the broker's meters: traffic per listener and QoS, delivery latency
 * and authentication time histograms, connections, sessions, subscriptions, retained messages, in-flight
 * and queued messages, drops. No meter is tagged by client id or topic.
 */
@BrokerTest
class PrometheusMetricsTests {

    @Value("${local.management.port}")
    int managementPort;

    @RegisterExtension
    final TestClients clients = new TestClients();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void trafficAndStateAreScrapedWithoutClientOrTopicTags() throws Exception {
        String topic = Clients.unique("metered");
        double receivedBefore = value(scrape(), "petrel_messages_received_total", "listener=\"tcp\",qos=\"1\"");
        Mqtt3Subscriber subscriber = clients.subscriber3(topic, MqttQos.AT_LEAST_ONCE);
        Mqtt3BlockingClient publisher = clients.connected3("metered-publisher");
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(new byte[100]).retain(true).send();
        subscriber.receive();

        await().atMost(TestClients.PATIENCE).untilAsserted(() -> {
            String metrics = scrape();
            assertThat(value(metrics, "petrel_messages_received_total", "listener=\"tcp\",qos=\"1\""))
                    .isGreaterThanOrEqualTo(receivedBefore + 1);
            assertThat(value(metrics, "petrel_messages_sent_total", "listener=\"tcp\",qos=\"1\"")).isPositive();
            assertThat(value(metrics, "petrel_payload_received_bytes_total", "listener=\"tcp\",qos=\"1\""))
                    .isGreaterThanOrEqualTo(100);
            assertThat(value(metrics, "petrel_delivery_latency_seconds_count", "listener=\"tcp\"")).isPositive();
            assertThat(value(metrics, "petrel_authentication_seconds_count", "listener=\"tcp\"")).isPositive();
            assertThat(metrics).contains("petrel_delivery_latency_seconds_bucket{");
            assertThat(value(metrics, "petrel_connections_open", "listener=\"tcp\"")).isGreaterThanOrEqualTo(2);
            assertThat(value(metrics, "petrel_sessions", "state=\"online\"")).isGreaterThanOrEqualTo(2);
            assertThat(value(metrics, "petrel_subscriptions", null)).isPositive();
            assertThat(value(metrics, "petrel_retained_messages", null)).isPositive();
            assertThat(metrics).contains("petrel_messages_inflight ").contains("petrel_messages_queued ")
                    .contains("petrel_messages_dropped_total{reason=\"queue_full\"}")
                    .contains("petrel_events_dropped_total ")
                    .contains("petrel_connections_refused_total{listener=\"ws\",reason=\"connection_rate\"}");
            assertThat(metrics).doesNotContain(topic).doesNotContain("metered-publisher");
        });
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The sample of {@code name} whose labels contain {@code labels} (or that has none), else 0. */
    private static double value(String metrics, String name, String labels) {
        Pattern sample = Pattern.compile("^" + Pattern.quote(name)
                + (labels == null ? "" : "\\{[^}]*" + Pattern.quote(labels) + "[^}]*\\}") + " (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = sample.matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
