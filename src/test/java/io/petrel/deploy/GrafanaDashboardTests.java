package io.petrel.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.petrel.test.BrokerTest;
import io.petrel.test.Clients;
import io.petrel.test.client.Mqtt3Subscriber;
import io.petrel.test.client.TestClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every metric the chart's Grafana dashboard queries is one the broker serves at
 * {@code /actuator/prometheus}: a renamed meter shows up here, not as an empty panel in production.
 */
@BrokerTest
class GrafanaDashboardTests {

    private static final Path DASHBOARD = RenderedChart.CHART.resolve("dashboards/petrel.json");

    /**
     * Metric names in PromQL: snake_case words right before a label set, a range or the end of a function
     * argument (function names precede "(", and Grafana's {@code $__rate_interval} starts with "_").
     */
    private static final Pattern METRIC = Pattern.compile("\\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\\s*(?=[{\\[)])");

    @Value("${local.management.port}")
    int managementPort;

    @RegisterExtension
    final TestClients clients = new TestClients();

    @Test
    void everyMetricTheDashboardQueriesIsScrapedFromTheBroker() throws Exception {
        Set<String> queried = metricsQueriedBy(JsonMapper.builder().build().readTree(DASHBOARD.toFile()));
        String topic = Clients.unique("dashboard");
        Mqtt3Subscriber subscriber = clients.subscriber3(topic, MqttQos.AT_LEAST_ONCE);
        clients.connected3("dashboard-publisher").publishWith().topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE).payload(new byte[10]).send();
        subscriber.receive();

        assertThat(queried).as("the dashboard queries the broker's own meters")
                .contains("petrel_connections_open", "petrel_delivery_latency_seconds_bucket");
        await().atMost(TestClients.PATIENCE).untilAsserted(() -> {
            String scraped = scrape();
            assertThat(queried).allSatisfy(metric -> assertThat(scraped)
                    .as("a sample of %s", metric).containsPattern("(?m)^" + Pattern.quote(metric) + "[{ ]"));
        });
    }

    private static Set<String> metricsQueriedBy(JsonNode dashboard) {
        Set<String> metrics = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                Matcher matcher = METRIC.matcher(target.get("expr").asString());
                while (matcher.find()) {
                    metrics.add(matcher.group(1));
                }
            }
        }
        return metrics;
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
