package io.petrel.auth.scram;

import java.util.ArrayList;
import java.util.List;

/** The {@code a=value} attributes of a SCRAM message, in order (RFC 5802 section 5.1). */
final class ScramAttributes {

    private final List<String> attributes;

    private ScramAttributes(List<String> attributes) {
        this.attributes = attributes;
    }

    static ScramAttributes parse(String message) throws MalformedScramException {
        List<String> attributes = new ArrayList<>();
        for (String attribute : message.split(",", -1)) {
            if (attribute.length() < 2 || attribute.charAt(1) != '=' || !Character.isLetter(attribute.charAt(0))) {
                throw new MalformedScramException("attribute '" + attribute + "' is not a=value");
            }
            attributes.add(attribute);
        }
        return new ScramAttributes(attributes);
    }

    /** The value of attribute {@code name}, which must be at {@code position} and not empty. */
    String require(char name, int position) throws MalformedScramException {
        if (position >= attributes.size() || attributes.get(position).charAt(0) != name
                || attributes.get(position).length() == 2) {
            throw new MalformedScramException("attribute " + name + "= missing at position " + (position + 1));
        }
        return attributes.get(position).substring(2);
    }

    boolean has(char name) {
        return attributes.stream().anyMatch(attribute -> attribute.charAt(0) == name);
    }

    /** saslname: "=2C" stands for ',' and "=3D" for '='; any other '=' is malformed. */
    static String decodeName(String saslname) throws MalformedScramException {
        StringBuilder name = new StringBuilder(saslname.length());
        for (int i = 0; i < saslname.length(); i++) {
            char c = saslname.charAt(i);
            if (c != '=') {
                name.append(c);
            } else if (saslname.startsWith("=2C", i)) {
                name.append(',');
                i += 2;
            } else if (saslname.startsWith("=3D", i)) {
                name.append('=');
                i += 2;
            } else {
                throw new MalformedScramException("'=' in a user name must be =2C or =3D");
            }
        }
        return name.toString();
    }
}
