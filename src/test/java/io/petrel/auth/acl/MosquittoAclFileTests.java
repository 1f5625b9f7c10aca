package io.petrel.auth.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.petrel.auth.ClientInfo;
import io.petrel.auth.Permissions;
import io.petrel.message.Qos;
import io.petrel.routing.TopicFilter;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** mosquitto's acl_file: the anonymous section, user sections, patterns, access words and deny lines. */
class MosquittoAclFileTests {

    private static final String FILE = """
            # anonymous clients may only read the weather
            topic read weather/#

            user alice
            topic readwrite alice/#
            topic deny alice/secret
            topic write reports/daily

            user bob
            topic bob/#

            pattern readwrite devices/%c/#
            pattern read users/%u/inbox
            """;

    private final Permissions acl = MosquittoAclFile.parse(FILE);

    @Test
    void theSectionBeforeTheFirstUserIsForAnonymousClients() {
        ClientInfo anonymous = client("anon", null);

        assertThat(subscribe(anonymous, "weather/+")).isTrue();
        assertThat(publish(anonymous, "weather/today")).as("read only").isFalse();
        assertThat(subscribe(client("a", "alice"), "weather/#")).as("not for users").isFalse();
    }

    @Test
    void userSectionsWithAccessWordsAndDenyLines() {
        ClientInfo alice = client("a", "alice");

        assertThat(publish(alice, "alice/notes")).isTrue();
        assertThat(subscribe(alice, "alice/#")).as("the deny line overlaps").isFalse();
        assertThat(subscribe(alice, "alice/notes/+")).isTrue();
        assertThat(publish(alice, "alice/secret")).as("deny wins though it comes later").isFalse();
        assertThat(publish(alice, "reports/daily")).isTrue();
        assertThat(subscribe(alice, "reports/daily")).as("write only").isFalse();
        assertThat(publish(alice, "bob/x")).isFalse();
        assertThat(publish(client("b", "bob"), "bob/x")).as("readwrite is the default").isTrue();
        assertThat(subscribe(client("b", "bob"), "bob/#")).isTrue();
    }

    @Test
    void patternsApplyToEveryClientWithItsOwnIdAndName() {
        assertThat(publish(client("dev7", "bob"), "devices/dev7/state")).isTrue();
        assertThat(publish(client("dev7", "bob"), "devices/dev8/state")).isFalse();
        assertThat(subscribe(client("dev7", null), "devices/dev7/#")).isTrue();
        assertThat(subscribe(client("x", "carol"), "users/carol/inbox")).isTrue();
        assertThat(subscribe(client("x", null), "users/carol/inbox")).isFalse();
        assertThat(subscribe(client("dev/#", "bob"), "devices/dev/#")).as("no injection").isFalse();
    }

    @Test
    void brokenLinesNameTheirLineNumber() {
        assertThatIllegalArgumentException().isThrownBy(() -> MosquittoAclFile.parse("user alice\ntopic\n"))
                .withMessageStartingWith("line 2:");
        assertThatIllegalArgumentException().isThrownBy(() -> MosquittoAclFile.parse("topic read a/#/b"))
                .withMessageStartingWith("line 1:");
        assertThatIllegalArgumentException().isThrownBy(() -> MosquittoAclFile.parse("allow everything"))
                .withMessageContaining("expected user, topic or pattern");
    }

    private boolean publish(ClientInfo client, String topic) {
        return acl.authorizePublish(client, topic, Qos.AT_MOST_ONCE).allowed();
    }

    private boolean subscribe(ClientInfo client, String filter) {
        return acl.authorizeSubscribe(client, TopicFilter.parse(filter).orElseThrow(), Qos.AT_MOST_ONCE).allowed();
    }

    private static ClientInfo client(String clientId, String username) {
        return new ClientInfo(clientId, username, new InetSocketAddress("127.0.0.1", 1), 4, "tcp");
    }
}
