package io.stepwise.api.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The one way api registers its counters and latency timers with Micrometer (Prometheus scrapes
 * them per node and sums the nodes), so every meter is described and every latency has a percentile
 * histogram over the range it is expected in.
 */
public final class Meters {
  private Meters() {}

  /** A counter; {@code tags} are name and value pairs. */
  public static Counter counter(
      MeterRegistry registry, String name, String description, String... tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  /** A timer of latencies expected between {@code fastest} and {@code slowest}. */
  public static Timer latency(
      MeterRegistry registry, String name, String description, Duration fastest, Duration slowest) {
    return Timer.builder(name)
        .description(description)
        .publishPercentileHistogram()
        .minimumExpectedValue(fastest)
        .maximumExpectedValue(slowest)
        .register(registry);
  }
}
