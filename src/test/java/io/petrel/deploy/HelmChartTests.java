package io.petrel.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.petrel.config.PetrelProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.ssl.SslProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Helm chart {@code helm/petrel}: strict lint, and {@code helm template} with several sets of values,
 * every manifest parsed strictly into the Kubernetes model. The broker configuration the ConfigMap renders
 * binds to {@link PetrelProperties} with no key left over.
 */
class HelmChartTests {

    @Test
    void chartPassesStrictLint() {
        LintResult lint = new Helm(RenderedChart.CHART).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void defaultsRenderADeploymentItsServicesAndADisruptionBudget() {
        RenderedChart chart = RenderedChart.render();

        assertThat(chart.kinds()).containsExactlyInAnyOrder("ConfigMap", "Deployment", "Service", "PodDisruptionBudget");
        assertThat(ports(chart.one(Service.class, "petrel"))).containsExactlyInAnyOrderEntriesOf(
                Map.of("mqtt", 1883, "mqtt-ws", 8083));
        assertThat(chart.one(Service.class, "petrel").getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(ports(chart.one(Service.class, "petrel-management"))).containsExactlyEntriesOf(
                Map.of("http-management", 8080));
        assertThat(chart.one(PodDisruptionBudget.class, "petrel").getSpec().getMaxUnavailable().getIntVal())
                .isEqualTo(1);
    }

    @Test
    void brokerPodProbesTheActuatorAndRunsAsNonRootOnAReadOnlyFileSystem() {
        PodSpec pod = RenderedChart.render().one(Deployment.class, "petrel").getSpec().getTemplate().getSpec();
        Container broker = pod.getContainers().get(0);

        assertThat(broker.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(broker.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(broker.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(broker.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http-management");
        assertThat(broker.getPorts()).anySatisfy(port -> {
            assertThat(port.getName()).isEqualTo("http-management");
            assertThat(port.getContainerPort()).isEqualTo(8080);
        });
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(broker.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(broker.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(broker.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(mountPaths(broker)).containsEntry("tmp", "/tmp");
        assertThat(pod.getVolumes()).filteredOn(volume -> volume.getName().equals("tmp"))
                .singleElement().extracting(Volume::getEmptyDir).isNotNull();
        assertThat(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                .singleElement().satisfies(term -> assertThat(term.getPodAffinityTerm().getTopologyKey())
                        .isEqualTo("kubernetes.io/hostname"));
    }

    @Test
    void gracePeriodOutlastsThePreStopSleepAndTheDrainTimeout() {
        RenderedChart chart = RenderedChart.render();
        PodSpec pod = chart.one(Deployment.class, "petrel").getSpec().getTemplate().getSpec();
        PetrelProperties broker = brokerProperties(chart);
        List<String> preStop = pod.getContainers().get(0).getLifecycle().getPreStop().getExec().getCommand();

        assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
        Duration stopping = broker.getShutdown().getDrainTimeout().plusSeconds(Long.parseLong(preStop.get(1)));
        assertThat(Duration.ofSeconds(pod.getTerminationGracePeriodSeconds())).isGreaterThan(stopping);
    }

    @Test
    void brokerConfigurationBindsToThePropertiesOfTheBroker() {
        RenderedChart chart = RenderedChart.render("shutdown.drainTimeoutSeconds", 20,
                "shutdown.terminationGracePeriodSeconds", 40, "listeners.ws.enabled", false,
                "config.mqtt.max-inflight-messages", 64);
        PetrelProperties broker = brokerProperties(chart);
        Container container = chart.one(Deployment.class, "petrel").getSpec().getTemplate().getSpec()
                .getContainers().get(0);

        assertThat(broker.getAuth().isAllowAnonymous()).as("the broker's secure default").isFalse();
        assertThat(broker.getShutdown().getDrainTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(broker.getMaxInflightMessages()).as("merged from config").isEqualTo(64);
        assertThat(broker.getListeners().get("tcp").getPort()).isEqualTo(1883);
        assertThat(broker.getListeners().get("ws").getEnabled()).isFalse();
        assertThat(env(container)).containsEntry("SPRING_CONFIG_ADDITIONAL_LOCATION", "file:/etc/petrel/config/")
                .containsEntry("JAVA_OPTS", "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError");
        assertThat(mountPaths(container)).containsEntry("config", "/etc/petrel/config");
    }

    @Test
    void statefulSetBehindALoadBalancerKeepingClientAddresses() {
        RenderedChart chart = RenderedChart.render("workload", "StatefulSet", "replicaCount", 3,
                "cluster.enabled", true, "cluster.redis.host", "redis.data.svc", "service.type", "LoadBalancer", "service.externalTrafficPolicy", "Local",
                "service.nodePorts.tcp", 31883, "podAntiAffinity", "hard");
        StatefulSet statefulSet = chart.one(StatefulSet.class, "petrel");
        Service mqtt = chart.one(Service.class, "petrel");

        assertThat(chart.all(Deployment.class)).isEmpty();
        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(3);
        assertThat(statefulSet.getSpec().getServiceName()).isEqualTo("petrel-headless");
        assertThat(chart.one(Service.class, "petrel-headless").getSpec().getClusterIP()).isEqualTo("None");
        assertThat(mqtt.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(mqtt.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
        assertThat(mqtt.getSpec().getPorts()).filteredOn(port -> port.getName().equals("mqtt"))
                .singleElement().extracting(ServicePort::getNodePort).isEqualTo(31883);
        assertThat(statefulSet.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()).hasSize(1);
    }

    @Test
    void tlsFromAnExistingSecretServesTheTlsListenersWithMutualTls() {
        RenderedChart chart = RenderedChart.render("tls.enabled", true, "tls.existingSecret", "broker-tls",
                "tls.clientAuth", "need", "listeners.wss.enabled", true);
        PodSpec pod = chart.one(Deployment.class, "petrel").getSpec().getTemplate().getSpec();
        RenderedConfiguration configuration = RenderedConfiguration.of(chart.one(ConfigMap.class, "petrel"));
        PetrelProperties broker = configuration.bindStrictly("mqtt", PetrelProperties.class);
        SslProperties ssl = configuration.bindStrictly("spring.ssl", SslProperties.class);

        assertThat(chart.all(Secret.class)).as("the user's secret is used, none is made").isEmpty();
        assertThat(pod.getVolumes()).filteredOn(volume -> volume.getName().equals("tls")).singleElement()
                .satisfies(volume -> assertThat(volume.getSecret().getSecretName()).isEqualTo("broker-tls"));
        assertThat(mountPaths(pod.getContainers().get(0))).containsEntry("tls", "/etc/petrel/tls");
        assertThat(ports(chart.one(Service.class, "petrel"))).containsEntry("mqtts", 8883).containsEntry("mqtt-wss", 8084);
        for (String listener : List.of("tls", "wss")) {
            assertThat(broker.getListeners().get(listener).getSslBundle()).isEqualTo("petrel");
            assertThat(broker.getListeners().get(listener).getClientAuth()).hasToString("NEED");
        }
        assertThat(ssl.getBundle().getPem().get("petrel").getKeystore().getCertificate())
                .isEqualTo("file:/etc/petrel/tls/tls.crt");
        assertThat(ssl.getBundle().getPem().get("petrel").getTruststore().getCertificate())
                .isEqualTo("file:/etc/petrel/tls/ca.crt");
        assertThat(ssl.getBundle().getPem().get("petrel").isReloadOnUpdate()).isTrue();
    }

    @Test
    void tlsFromValuesBecomesAKubernetesTlsSecret(@TempDir Path dir) throws Exception {
        X509Bundle certificate = new CertificateBuilder().subject("CN=petrel.mqtt.svc").ecp256()
                .setIsCertificateAuthority(true).buildSelfSigned();
        Path pem = Files.writeString(dir.resolve("tls.crt"), certificate.getCertificatePathPEM());
        Path key = Files.writeString(dir.resolve("tls.key"), certificate.getPrivateKeyPEM());
        RenderedChart chart = RenderedChart.render(command -> command.set("tls.enabled", true)
                .setFile("tls.certificate", pem).setFile("tls.privateKey", key));
        Secret secret = chart.one(Secret.class, "petrel-tls");

        assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("tls.crt"))))
                .isEqualTo(certificate.getCertificatePathPEM());
        assertThat(secret.getData()).containsKey("tls.key").doesNotContainKey("ca.crt");
        assertThatThrownBy(() -> RenderedChart.render("tls.enabled", true))
                .hasMessageContaining("tls.enabled needs tls.existingSecret");
    }

    @Test
    void adminCredentialsReachTheBrokerFromASecret() {
        RenderedChart chart = RenderedChart.render("admin.password", "s3cret");
        Secret secret = chart.one(Secret.class, "petrel-admin");
        Container broker = chart.one(Deployment.class, "petrel").getSpec().getTemplate().getSpec()
                .getContainers().get(0);

        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("password")))).isEqualTo("s3cret");
        assertThat(secretRefs(broker)).containsEntry("MQTT_ADMIN_USERNAME", "petrel-admin/username")
                .containsEntry("MQTT_ADMIN_PASSWORD", "petrel-admin/password");
        Container withExisting = RenderedChart.render("admin.existingSecret", "ops-admin")
                .one(Deployment.class, "petrel").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(secretRefs(withExisting)).containsEntry("MQTT_ADMIN_PASSWORD", "ops-admin/password");
        assertThat(env(RenderedChart.render().one(Deployment.class, "petrel").getSpec().getTemplate().getSpec()
                .getContainers().get(0))).as("no password, no admin API").doesNotContainKey("MQTT_ADMIN_PASSWORD");
    }

    @Test
    void monitoringRendersAServiceMonitorADashboardAndAnAutoscaler() throws Exception {
        RenderedChart chart = RenderedChart.render("serviceMonitor.enabled", true,
                "serviceMonitor.labels.release", "prometheus", "grafanaDashboard.enabled", true,
                "autoscaling.enabled", true, "autoscaling.maxReplicas", 4,
                "cluster.enabled", true, "cluster.redis.host", "redis.data.svc");
        HorizontalPodAutoscaler autoscaler = chart.one(HorizontalPodAutoscaler.class, "petrel");
        Service management = chart.one(Service.class, "petrel-management");
        ConfigMap dashboard = chart.one(ConfigMap.class, "petrel-dashboard");

        assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo("petrel");
        assertThat(autoscaler.getSpec().getMaxReplicas()).isEqualTo(4);
        assertThat(chart.one(Deployment.class, "petrel").getSpec().getReplicas())
                .as("the autoscaler owns the replica count").isNull();
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(JsonMapper.builder().build().readTree(dashboard.getData().get("petrel.json"))
                .get("panels").size()).isPositive();
        assertServiceMonitorScrapes(chart.unmodeled("ServiceMonitor"), management);
    }

    @Test
    void clusterModeReachesEveryPodAsEnvironmentWithTheRedisPasswordFromASecret() {
        RenderedChart chart = RenderedChart.render("replicaCount", 3, "cluster.enabled", true,
                "cluster.redis.host", "redis.data.svc", "cluster.redis.port", 6380, "cluster.redis.database", 2,
                "cluster.redis.username", "petrel", "cluster.redis.existingSecret", "redis-auth");
        Deployment deployment = chart.one(Deployment.class, "petrel");
        Container broker = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(env(broker)).containsEntry("MQTT_CLUSTER_ENABLED", "true")
                .containsEntry("REDIS_HOST", "redis.data.svc").containsEntry("REDIS_PORT", "6380")
                .containsEntry("REDIS_DB", "2").containsEntry("REDIS_USERNAME", "petrel")
                .doesNotContainKeys("SPRING_DATA_REDIS_SENTINEL_MASTER", "SPRING_DATA_REDIS_CLUSTER_NODES");
        assertThat(fieldRefs(broker)).as("one node id per pod").containsEntry("MQTT_CLUSTER_NODE_ID", "metadata.name");
        assertThat(secretRefs(broker)).containsEntry("REDIS_PASSWORD", "redis-auth/redis-password");
        assertThat(broker.getEnv()).filteredOn(variable -> variable.getName().contains("PASSWORD"))
                .as("no password in plain text").allSatisfy(variable -> assertThat(variable.getValue()).isNull());
        assertThat(chart.all(Secret.class)).as("the user's secret is used, none is made").isEmpty();
    }

    @Test
    void clusterModeOverRedisSentinelOrRedisClusterNamesTheirNodes() {
        Container sentinel = brokerContainer(RenderedChart.render("cluster.enabled", true,
                "cluster.redis.sentinel.master", "mymaster",
                "cluster.redis.sentinel.nodes[0]", "sentinel-0.redis:26379",
                "cluster.redis.sentinel.nodes[1]", "sentinel-1.redis:26379"));
        Container redisCluster = brokerContainer(RenderedChart.render("cluster.enabled", true,
                "cluster.redis.clusterNodes[0]", "redis-0.redis:6379", "cluster.redis.clusterNodes[1]", "redis-1.redis:6379",
                "cluster.redis.clusterNodes[2]", "redis-2.redis:6379"));

        assertThat(env(sentinel)).containsEntry("SPRING_DATA_REDIS_SENTINEL_MASTER", "mymaster")
                .containsEntry("SPRING_DATA_REDIS_SENTINEL_NODES", "sentinel-0.redis:26379,sentinel-1.redis:26379")
                .containsEntry("MQTT_CLUSTER_ENABLED", "true").doesNotContainKeys("REDIS_HOST", "REDIS_PORT");
        assertThat(secretRefs(sentinel)).as("no secret named, no password").doesNotContainKey("REDIS_PASSWORD");
        assertThat(env(redisCluster)).containsEntry("SPRING_DATA_REDIS_CLUSTER_NODES",
                "redis-0.redis:6379,redis-1.redis:6379,redis-2.redis:6379").doesNotContainKey("REDIS_HOST");
    }

    @Test
    void defaultsRenderNoClusterEnvironment() {
        Container broker = brokerContainer(RenderedChart.render());

        assertThat(broker.getEnv()).extracting(EnvVar::getName).isNotEmpty()
                .noneMatch(name -> name.startsWith("MQTT_CLUSTER_") || name.startsWith("REDIS_")
                        || name.startsWith("SPRING_DATA_REDIS_"));
    }

    @Test
    void severalBrokersWithoutClusterModeAreRefused() {
        assertThatThrownBy(() -> RenderedChart.render("replicaCount", 2))
                .hasMessageContaining("replicaCount 2 needs cluster.enabled=true");
        assertThatThrownBy(() -> RenderedChart.render("autoscaling.enabled", true))
                .hasMessageContaining("autoscaling.enabled needs cluster.enabled=true");
        assertThatThrownBy(() -> RenderedChart.render("workload", "StatefulSet", "replicaCount", 3))
                .hasMessageContaining("replicaCount 3 needs cluster.enabled=true");
    }

    @Test
    void clusterModeWithoutExactlyOneWayToRedisIsRefused() {
        assertThatThrownBy(() -> RenderedChart.render("cluster.enabled", true))
                .hasMessageContaining("cluster.enabled needs a Redis: set cluster.redis.host");
        assertThatThrownBy(() -> RenderedChart.render("cluster.enabled", true, "cluster.redis.host", "redis",
                "cluster.redis.clusterNodes[0]", "redis-0:6379"))
                .hasMessageContaining("set only one of host, sentinel or clusterNodes");
        assertThatThrownBy(() -> RenderedChart.render("cluster.enabled", true,
                "cluster.redis.sentinel.master", "mymaster"))
                .hasMessageContaining("cluster.redis.sentinel needs both master")
                .hasMessageContaining("and nodes");
        assertThatThrownBy(() -> RenderedChart.render("cluster.enabled", true,
                "cluster.redis.clusterNodes[0]", "redis-0:6379", "cluster.redis.database", 1))
                .hasMessageContaining("Redis Cluster has database 0 only");
    }

    @Test
    void extensionsAreCopiedFromAnImageIntoTheExtensionsFolder() {
        PodSpec pod = RenderedChart.render("extensions.enabled", true,
                "extensions.image.repository", "registry.example/petrel-extensions", "extensions.image.tag", "1.2.0")
                .one(Deployment.class, "petrel").getSpec().getTemplate().getSpec();
        Container copier = pod.getInitContainers().get(0);

        assertThat(copier.getImage()).isEqualTo("registry.example/petrel-extensions:1.2.0");
        assertThat(String.join(" ", copier.getCommand())).contains("/app/extensions/");
        assertThat(mountPaths(copier)).containsEntry("extensions", "/app/extensions");
        assertThat(mountPaths(pod.getContainers().get(0))).containsEntry("extensions", "/app/extensions");
        assertThat(pod.getVolumes()).filteredOn(volume -> volume.getName().equals("extensions"))
                .singleElement().extracting(Volume::getEmptyDir).isNotNull();
    }

    @Test
    void helmTestPodChecksTheSecureDefaultOrPublishesAndSubscribes(@TempDir Path dir) throws Exception {
        assertThat(Files.readString(RenderedChart.CHART.resolve("templates/tests/test-mqtt.yaml")))
                .contains("helm.sh/hook: test");
        Pod byDefault = RenderedChart.renderWithHooks(dir.resolve("default")).one(Pod.class, "petrel-test-mqtt");
        Pod open = RenderedChart.renderWithHooks(dir.resolve("open"), "auth.allowAnonymous", true)
                .one(Pod.class, "petrel-test-mqtt");
        Pod withUser = RenderedChart.renderWithHooks(dir.resolve("user"), "tests.username", "probe",
                "tests.password", "secret").one(Pod.class, "petrel-test-mqtt");
        Container client = byDefault.getSpec().getContainers().get(0);

        assertThat(client.getImage()).startsWith("eclipse-mosquitto:");
        assertThat(env(client)).containsEntry("HOST", "petrel").containsEntry("PORT", "1883")
                .containsEntry("MODE", "anonymous-refused");
        assertThat(String.join("\n", client.getCommand())).contains("mosquitto_sub").contains("mosquitto_pub");
        assertThat(byDefault.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(byDefault.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(env(open.getSpec().getContainers().get(0))).containsEntry("MODE", "pubsub");
        assertThat(env(withUser.getSpec().getContainers().get(0))).containsEntry("MODE", "pubsub")
                .containsEntry("MQTT_USERNAME", "probe");
    }

    @Test
    void schemaRejectsUnknownKeysAndValuesOutOfRange() {
        assertThatThrownBy(() -> RenderedChart.render("service.type", "Ingress"))
                .hasMessageContaining("schema").hasMessageContaining("/service/type");
        assertThatThrownBy(() -> RenderedChart.render("replicas", 3))
                .hasMessageContaining("schema").hasMessageContaining("replicas");
        assertThatThrownBy(() -> RenderedChart.render("listeners.tcp.port", 70000))
                .hasMessageContaining("schema").hasMessageContaining("/listeners/tcp/port");
        assertThatThrownBy(() -> RenderedChart.render("workload", "DaemonSet"))
                .hasMessageContaining("schema").hasMessageContaining("/workload");
        assertThatThrownBy(() -> RenderedChart.render("cluster.enabled", true, "cluster.redis.clusterNodes[0]", "redis-0"))
                .as("a node without its port").hasMessageContaining("schema")
                .hasMessageContaining("/cluster/redis/clusterNodes/0");
    }

    @Test
    void gracePeriodShorterThanTheDrainIsRefused() {
        assertThatThrownBy(() -> RenderedChart.render("shutdown.drainTimeoutSeconds", 60))
                .hasMessageContaining("terminationGracePeriodSeconds (30) must exceed");
    }

    private static void assertServiceMonitorScrapes(GenericKubernetesResource monitor, Service management) {
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
        Map<String, Object> spec = monitor.get("spec");
        assertThat(spec).containsOnlyKeys("selector", "endpoints");
        Map<String, String> selected = monitor.get("spec", "selector", "matchLabels");
        assertThat(management.getMetadata().getLabels()).containsAllEntriesOf(selected);
        assertThat(selected).containsEntry("app.kubernetes.io/component", "management");
        List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
        assertThat(endpoints).singleElement().satisfies(endpoint -> {
            assertThat(endpoint).containsOnlyKeys("port", "path", "interval", "scrapeTimeout");
            assertThat(endpoint).containsEntry("port", "http-management").containsEntry("path", "/actuator/prometheus");
        });
        assertThat(ports(management)).containsKey("http-management");
    }

    private static PetrelProperties brokerProperties(RenderedChart chart) {
        return RenderedConfiguration.of(chart.one(ConfigMap.class, "petrel")).bindStrictly("mqtt", PetrelProperties.class);
    }

    private static Map<String, Integer> ports(Service service) {
        return service.getSpec().getPorts().stream()
                .collect(Collectors.toMap(ServicePort::getName, ServicePort::getPort));
    }

    private static Container brokerContainer(RenderedChart chart) {
        return chart.one(Deployment.class, "petrel").getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Map<String, String> mountPaths(Container container) {
        return container.getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getName, VolumeMount::getMountPath));
    }

    private static Map<String, String> env(Container container) {
        return container.getEnv().stream().filter(variable -> variable.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    /** Environment variables taken from the pod's own fields, as the field path. */
    private static Map<String, String> fieldRefs(Container container) {
        return container.getEnv().stream().filter(variable -> variable.getValueFrom() != null
                        && variable.getValueFrom().getFieldRef() != null)
                .collect(Collectors.toMap(EnvVar::getName, variable -> variable.getValueFrom().getFieldRef()
                        .getFieldPath()));
    }

    /** Environment variables taken from secrets, as {@code secret/key}. */
    private static Map<String, String> secretRefs(Container container) {
        return container.getEnv().stream().filter(variable -> variable.getValueFrom() != null
                        && variable.getValueFrom().getSecretKeyRef() != null)
                .collect(Collectors.toMap(EnvVar::getName, variable -> variable.getValueFrom()
                        .getSecretKeyRef().getName() + "/" + variable.getValueFrom().getSecretKeyRef().getKey()));
    }
}
