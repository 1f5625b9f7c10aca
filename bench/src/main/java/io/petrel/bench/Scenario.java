package io.petrel.bench;

/** One benchmark scenario: sets up its clients, drives load for a bounded time, tears down, reports. */
interface Scenario {

    Result run(BenchContext context) throws Exception;
}
