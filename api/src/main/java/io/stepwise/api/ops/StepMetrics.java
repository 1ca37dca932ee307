package io.stepwise.api.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counters only the step path can know, recorded on the node that ran the step: executions
 * started, executions finished by status, state transitions, how long one step (its transaction
 * included) took, and how late timers fired. Per node, so Prometheus sums them across nodes.
 *
 * <p>The durable runtime calls these after a step's transaction commits; a rolled-back step counts
 * nothing. All methods are thread-safe and cheap (no I/O).
 */
// Created at boot so its meters show (as zero) before anything uses it.
@Startup
@ApplicationScoped
public class StepMetrics {
  private final MeterRegistry registry;
  private final Counter started;
  private final Counter transitions;
  private final Timer steps;
  private final Timer timerLateness;
  private final Map<String, Counter> finished = new ConcurrentHashMap<>();

  public StepMetrics(MeterRegistry registry) {
    this.registry = registry;
    started =
        Meters.counter(
            registry,
            "stepwise.executions.started",
            "Executions started on this node (their first step committed)");
    transitions =
        Meters.counter(
            registry,
            "stepwise.state.transitions",
            "States entered by committed steps on this node (AWS's state transitions)");
    steps =
        Meters.latency(
            registry,
            "stepwise.step.duration",
            "Time of one interpreter step including its transaction, on this node",
            Duration.ofMillis(1),
            Duration.ofSeconds(10));
    timerLateness =
        Meters.latency(
            registry,
            "stepwise.timers.lateness",
            "How long after its due time a timer (Wait, retry, timeout, heartbeat) fired on this"
                + " node",
            Duration.ofMillis(1),
            Duration.ofMinutes(10));
    for (String status : new String[] {"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"}) {
      finished(status);
    }
  }

  /**
   * A step committed with these events, {@code took} after it began: counts its state transitions,
   * and the execution's start or end when the step holds them.
   */
  public void committed(
      java.util.List<io.stepwise.engine.history.HistoryEvent> events, Duration took) {
    stepTook(took);
    for (io.stepwise.engine.history.HistoryEvent e : events) {
      switch (e.type()) {
        case EXECUTION_STARTED -> executionStarted();
        case EXECUTION_SUCCEEDED -> executionFinished("SUCCEEDED");
        case EXECUTION_FAILED -> executionFinished("FAILED");
        case EXECUTION_TIMED_OUT -> executionFinished("TIMED_OUT");
        case EXECUTION_ABORTED -> executionFinished("ABORTED");
        default -> {}
      }
    }
    stateTransitions(transitions(events));
  }

  /** AWS's state transitions among the events: the states they entered. */
  public static int transitions(java.util.List<io.stepwise.engine.history.HistoryEvent> events) {
    int entered = 0;
    for (io.stepwise.engine.history.HistoryEvent e : events) {
      if (e.type().awsName().endsWith("StateEntered")) entered++;
    }
    return entered;
  }

  /** An execution's first step committed. */
  public void executionStarted() {
    started.increment();
  }

  /** A committed step closed its execution with that AWS status (SUCCEEDED, FAILED, ...). */
  public void executionFinished(String status) {
    finished(status).increment();
  }

  /** A committed step entered that many states. */
  public void stateTransitions(int count) {
    if (count > 0) transitions.increment(count);
  }

  /** One step took that long, from loading the execution to the commit. */
  public void stepTook(Duration duration) {
    steps.record(duration);
  }

  /** A timer fired this long after it was due. */
  public void timerFired(Duration lateness) {
    timerLateness.record(lateness.isNegative() ? Duration.ZERO : lateness);
  }

  private Counter finished(String status) {
    return finished.computeIfAbsent(
        status.toUpperCase(Locale.ROOT),
        s ->
            Meters.counter(
                registry,
                "stepwise.executions.finished",
                "Executions closed by a step on this node, by status",
                "status",
                s));
  }
}
