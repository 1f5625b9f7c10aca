package io.petrel.config;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** Matches once {@code mqtt.admin.password} is set to something other than blanks: no password, no admin API. */
final class MqttAdminPasswordCondition extends SpringBootCondition {

    static final String PASSWORD = "mqtt.admin.password";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        if (StringUtils.hasText(context.getEnvironment().getProperty(PASSWORD))) {
            return ConditionOutcome.match(PASSWORD + " is set");
        }
        return ConditionOutcome.noMatch(PASSWORD + " is not set: the admin REST API is off");
    }
}
