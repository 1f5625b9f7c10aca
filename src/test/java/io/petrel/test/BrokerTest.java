package io.petrel.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;

/**
 * A whole Petrel application on free ports (MQTT listener {@code tcp} and management), with BlockHound
 * watching the broker's event loops. Inject {@code MqttServer} and read {@code localPort("tcp")}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1", "management.server.port=0"})
@ExtendWith(NonBlockingEventLoops.class)
public @interface BrokerTest {

    /** Extra properties, as in {@link SpringBootTest#properties()}. */
    @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
    String[] properties() default {"mqtt.listeners.tcp.port=0", "mqtt.listeners.tcp.host=127.0.0.1",
        "management.server.port=0"};
}
