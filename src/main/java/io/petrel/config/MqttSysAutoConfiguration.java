package io.petrel.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.petrel.retain.RetainedMessageStore;
import io.petrel.routing.SubscriptionTree;
import io.petrel.session.MessagePublisher;
import io.petrel.session.SessionRegistry;
import io.petrel.sys.BrokerTraffic;
import io.petrel.sys.ClientEventTopics;
import io.petrel.sys.SysTopicPublisher;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code $SYS} topics, unless {@code mqtt.sys.enabled=false}: the statistics under {@code $SYS/broker/},
 * published on the timer thread, and the client lifecycle messages under {@code $SYS/brokers/{node}/clients/}.
 */
@AutoConfiguration(after = {MqttStorageAutoConfiguration.class, MqttEventsAutoConfiguration.class,
    MqttClusterAutoConfiguration.class})
@ConditionalOnBooleanProperty(name = "mqtt.sys.enabled", matchIfMissing = true)
@EnableConfigurationProperties({PetrelProperties.class, MqttSysProperties.class})
public final class MqttSysAutoConfiguration {

    @Bean(destroyMethod = "stop")
    SysTopicPublisher sysTopicPublisher(MessagePublisher publisher, SessionRegistry sessions,
            SubscriptionTree subscriptions, RetainedMessageStore retainedMessages, ObjectProvider<BrokerTraffic> traffic,
            MqttSysProperties properties, @Qualifier(MqttStorageAutoConfiguration.TIMERS) ScheduledExecutorService timers,
            ObjectProvider<MqttClusterAutoConfiguration.ClusterIdentity> cluster) {
        String version = SysTopicPublisher.class.getPackage().getImplementationVersion();
        SysTopicPublisher statistics = new SysTopicPublisher(publisher, version == null ? "unknown" : version, sessions,
                subscriptions, retainedMessages, traffic.getIfAvailable(() -> BrokerTraffic.NONE),
                properties.getInterval(), cluster.getIfAvailable() == null ? null : cluster.getObject().nodeId());
        statistics.start(timers);
        return statistics;
    }

    @Bean
    SysEventListener sysEventListener(MessagePublisher publisher, PetrelProperties properties,
            ObjectProvider<MqttClusterAutoConfiguration.ClusterIdentity> cluster) {
        MqttClusterAutoConfiguration.ClusterIdentity identity = cluster.getIfAvailable();
        String nodeName = identity != null ? identity.nodeId() : properties.getNodeName();
        return new SysEventListener(new ClientEventTopics(publisher, nodeName == null ? hostName() : nodeName));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Message and byte counts from the Micrometer meters the broker keeps anyway. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static final class MicrometerTraffic {

        @Bean
        BrokerTraffic mqttBrokerTraffic(ObjectProvider<MeterRegistry> registry) {
            return new MicrometerBrokerTraffic(registry::getIfAvailable);
        }
    }
}
