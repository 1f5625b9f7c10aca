package io.petrel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.test.BrokerTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;

/** Without mqtt.admin.password there is no admin REST API at all, whatever the credentials. */
@BrokerTest
class AdminApiDisabledTests {

    @LocalManagementPort
    int managementPort;

    @Test
    void apiIsAbsentWithoutAPassword() {
        assertThat(AdminHttp.withoutCredentials(managementPort).get("/clients").status()).isEqualTo(404);
        assertThat(AdminHttp.withCredentials(managementPort, "admin", "").get("/clients").status()).isEqualTo(404);
        assertThat(AdminHttp.withCredentials(managementPort, "admin", "admin").get("/openapi.yaml").status())
                .isEqualTo(404);
    }
}
