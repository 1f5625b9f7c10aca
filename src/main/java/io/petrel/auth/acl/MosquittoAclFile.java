package io.petrel.auth.acl;

import io.petrel.auth.AclRule;
import io.petrel.auth.AclRule.Access;
import io.petrel.auth.AclRule.Action;
import io.petrel.auth.FileLines;
import io.petrel.auth.Permissions;
import io.petrel.auth.TopicPattern;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * mosquitto's {@code acl_file}, read as it is:
 *
 * <pre>
 * topic read sensors/#          # before the first user line: clients without a user name
 * user alice
 * topic readwrite alice/#       # for alice
 * topic deny alice/secret
 * pattern write devices/%c/out  # for every client; %c client id, %u user name
 * </pre>
 *
 * Access is {@code read} (subscribe), {@code write} (publish), {@code readwrite} (the default) or {@code deny}.
 * As in mosquitto, deny lines win within their section, and a client's own section is checked before the
 * patterns. The result is ordered for first-match evaluation: the client's section (denials, then grants),
 * then the patterns (denials, then grants).
 */
public final class MosquittoAclFile {

    private MosquittoAclFile() {}

    /** Parses the file's text; throws with the line number when a line is malformed. */
    public static Permissions parse(String text) {
        Sections sections = new Sections();
        FileLines.parse(text, sections::add);
        return sections.inOrder();
    }

    /** The rules read so far, by kind, and the section the next lines belong to. */
    private static final class Sections {

        private final List<AclRule> sectionDenials = new ArrayList<>();
        private final List<AclRule> sectionGrants = new ArrayList<>();
        private final List<AclRule> patternDenials = new ArrayList<>();
        private final List<AclRule> patternGrants = new ArrayList<>();
        /** The user whose section this is; null before the first user line (the anonymous section). */
        private @Nullable String user;

        void add(String line) {
            String[] words = line.split("\\s+", 2);
            String rest = words.length > 1 ? words[1].strip() : "";
            switch (words[0]) {
                case "user" -> user = nonEmpty(rest, "a user name");
                case "topic" -> {
                    AclRule rule = rule(rest, user, user == null);
                    (rule.access() == Access.DENY ? sectionDenials : sectionGrants).add(rule);
                }
                case "pattern" -> {
                    AclRule rule = rule(rest, null, false);
                    (rule.access() == Access.DENY ? patternDenials : patternGrants).add(rule);
                }
                default -> throw new IllegalArgumentException("expected user, topic or pattern, not '" + words[0] + "'");
            }
        }

        Permissions inOrder() {
            List<AclRule> ordered = new ArrayList<>(sectionDenials);
            ordered.addAll(sectionGrants);
            ordered.addAll(patternDenials);
            ordered.addAll(patternGrants);
            return Permissions.of(ordered);
        }
    }

    /** {@code [read|write|readwrite|deny] topic}; the topic may contain spaces. */
    private static AclRule rule(String rest, @Nullable String user, boolean anonymousOnly) {
        String[] words = rest.split("\\s+", 2);
        Access access = Access.ALLOW;
        Action action = Action.ALL;
        String topic = rest;
        if (words.length == 2) {
            boolean known = true;
            switch (words[0]) {
                case "read" -> action = Action.SUBSCRIBE;
                case "write" -> action = Action.PUBLISH;
                case "readwrite" -> action = Action.ALL;
                case "deny" -> access = Access.DENY;
                default -> known = false;
            }
            if (known) {
                topic = words[1].strip();
            }
        }
        return new AclRule(access, action, TopicPattern.parse(nonEmpty(topic, "a topic")), user, null, null, null,
                anonymousOnly);
    }

    private static String nonEmpty(String value, String what) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("expected " + what);
        }
        return value;
    }
}
