package io.petrel.message;

/** MQTT quality-of-service levels. */
public enum Qos {
    AT_MOST_ONCE,
    AT_LEAST_ONCE,
    EXACTLY_ONCE;

    private static final Qos[] VALUES = values();

    public static Qos of(int value) {
        if (value < 0 || value > 2) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2: " + value);
        }
        return VALUES[value];
    }

    public int value() {
        return ordinal();
    }

    public Qos min(Qos other) {
        return compareTo(other) <= 0 ? this : other;
    }

    public Qos max(Qos other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
