package io.petrel.sys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The moving averages of a rate per minute, as mosquitto's {@code $SYS/broker/load/...} report it. */
class LoadAverageTests {

    @Test
    void aSteadyRateIsApproachedFastestByTheShortestWindow() {
        LoadAverage load = new LoadAverage(60, 1_000);

        load.sample(1_060); // 60 in one minute

        assertThat(load.formatted(0)).isEqualTo("37.93"); // 60 x (1 - e^-1)
        assertThat(Double.parseDouble(load.formatted(1))).isLessThan(37.93);
        assertThat(Double.parseDouble(load.formatted(2))).isLessThan(Double.parseDouble(load.formatted(1)));
        for (int minute = 2; minute <= 60; minute++) {
            load.sample(1_000 + 60L * minute);
        }
        assertThat(load.formatted(0)).isEqualTo("60.00");
        assertThat(Double.parseDouble(load.formatted(2))).isBetween(58.0, 60.0);
    }

    @Test
    void noTrafficStaysAtZero() {
        LoadAverage load = new LoadAverage(10, 5);

        load.sample(5);

        assertThat(load.formatted(0)).isEqualTo("0.00");
    }
}
