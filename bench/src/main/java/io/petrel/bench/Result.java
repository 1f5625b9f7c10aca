package io.petrel.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One benchmark result: named figures in a fixed order, printed as one JSON line for scripts and one line
 * for people. Latencies are recorded in microseconds and reported in milliseconds.
 */
final class Result {

    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final StringBuilder summary = new StringBuilder();

    Result put(String name, Object value) {
        figures.put(name, value);
        return this;
    }

    /** Adds p50, p99, p99.9 and max of a histogram of microseconds, as {@code <prefix>P50Ms} and so on. */
    Result latency(String prefix, Histogram micros) {
        put(prefix + "P50Ms", millis(micros.getValueAtPercentile(50)));
        put(prefix + "P99Ms", millis(micros.getValueAtPercentile(99)));
        put(prefix + "P999Ms", millis(micros.getValueAtPercentile(99.9)));
        put(prefix + "MaxMs", millis(micros.getMaxValue()));
        put(prefix + "Samples", micros.getTotalCount());
        return this;
    }

    Result summary(String text) {
        if (!summary.isEmpty()) {
            summary.append(" | ");
        }
        summary.append(text);
        return this;
    }

    String json() {
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, Object> figure : figures.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(figure.getKey()).append("\":").append(jsonValue(figure.getValue()));
        }
        return json.append('}').toString();
    }

    String summary() {
        return figures.get("label") + " @ " + figures.get("broker") + ": " + summary;
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }

    private static String jsonValue(Object value) {
        if (value instanceof Double number) {
            return number.isNaN() || number.isInfinite() ? "null" : String.format(Locale.ROOT, "%.4f", number)
                    .replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return '"' + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
