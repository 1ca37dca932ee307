package io.stepwise.api.schedule;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.stepwise.api.ops.Meters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * What schedules did on this node, for Prometheus (which sums the nodes): fires by outcome
 * (started, failed, expired), fires started late (more than a minute after they were due, AWS's
 * precision: a server was down or overloaded at the fire time), start attempts that failed (each
 * retry counts), and how long after its due time a fire started.
 */
// Created at boot so its meters show (as zero) before the first fire.
@Startup
@ApplicationScoped
public class ScheduleMetrics {
  /** AWS invokes within the minute of the fire time: later than that is late. */
  static final Duration LATE = Duration.ofMinutes(1);

  private final Counter started;
  private final Counter failed;
  private final Counter expired;
  private final Counter late;
  private final Counter failedStarts;
  private final Timer delay;

  public ScheduleMetrics(MeterRegistry registry) {
    started = fires(registry, "started");
    failed = fires(registry, "failed");
    expired = fires(registry, "expired");
    late =
        Meters.counter(
            registry,
            "stepwise.schedule.fires.late",
            "Fires started more than a minute after they were due, on this node");
    failedStarts =
        Meters.counter(
            registry,
            "stepwise.schedule.starts.failed",
            "Start attempts of fires that failed (each retry counts), on this node");
    delay =
        Meters.latency(
            registry,
            "stepwise.schedule.fire.delay",
            "From a fire's due time to its execution's start, on this node",
            Duration.ofMillis(10),
            Duration.ofHours(1));
  }

  private static Counter fires(MeterRegistry registry, String outcome) {
    return Meters.counter(
        registry,
        "stepwise.schedule.fires",
        "Fire times closed on this node, by outcome",
        "outcome",
        outcome);
  }

  /** A fire started its execution {@code after} its due time. */
  void started(Duration after) {
    started.increment();
    delay.record(after.isNegative() ? Duration.ZERO : after);
    if (after.compareTo(LATE) > 0) late.increment();
  }

  /** A start attempt failed (it may be tried again). */
  void startFailed() {
    failedStarts.increment();
  }

  /** A fire ended without an execution: refused, or out of retries or time. */
  void failed() {
    failed.increment();
  }

  /** A fire was older than its target's MaximumEventAgeInSeconds when a server got to it. */
  void expired() {
    expired.increment();
  }
}
