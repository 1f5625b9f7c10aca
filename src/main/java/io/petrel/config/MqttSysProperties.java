package io.petrel.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code $SYS} topics ({@code mqtt.sys.*}). */
@ConfigurationProperties("mqtt.sys")
public class MqttSysProperties {

    /**
     * Whether the broker publishes its statistics under {@code $SYS/broker/} and client lifecycle events
     * under {@code $SYS/brokers/{node}/clients/}.
     */
    private boolean enabled = true;

    /** How often the {@code $SYS/broker/} statistics are updated. */
    private Duration interval = Duration.ofSeconds(10);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }
}
