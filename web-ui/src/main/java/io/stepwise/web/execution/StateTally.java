package io.stepwise.web.execution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mutable per-state tally behind {@link StateRecord}, as {@link ExecutionProgress} folds events.
 */
final class StateTally {
  final String name;
  StateStatus status = StateStatus.NOT_REACHED;
  int entries;
  int retries;
  int iterations = -1;
  int iterationsSucceeded;
  int iterationsFailed;
  int iterationsAborted;
  int items = -1;
  Visit last;
  Visit lastFailed;
  final List<Visit> visits = new ArrayList<>();
  final Map<Integer, Iteration> iterationsByIndex = new TreeMap<>();

  StateTally(String name) {
    this.name = name;
  }

  /** The visit the panel shows first: the latest that failed when the state failed. */
  Visit focus() {
    boolean failed = status == StateStatus.FAILED || status == StateStatus.CAUGHT;
    return failed && lastFailed != null ? lastFailed : last;
  }

  /** The state as the visit {@code v} saw it (its event ids), or with none when v is null. */
  StateRecord record(Visit v) {
    return new StateRecord(
        name,
        status,
        entries,
        retries,
        v == null ? 0 : v.entered,
        v == null ? 0 : v.exited,
        v == null ? 0 : v.failure,
        iterations,
        iterationsSucceeded,
        iterationsFailed,
        iterationsAborted,
        items);
  }

  /**
   * One run of a state in one frame (the execution, a Parallel branch or a Map iteration), from its
   * StateEntered event to its end: behind {@link StateVisit}.
   */
  static final class Visit {
    final String name;
    final int depth;
    final String frame;
    final int iteration;
    final long entered;
    final Instant start;
    Instant end;
    long exited;
    long failure;
    long scheduled;
    long started;
    boolean failing;
    boolean attempted;
    StateStatus status = StateStatus.RUNNING;

    Visit(String name, int depth, String frame, int iteration, long entered, Instant start) {
      this.name = name;
      this.depth = depth;
      this.frame = frame;
      this.iteration = iteration;
      this.entered = entered;
      this.start = start;
    }

    StateVisit view() {
      return new StateVisit(
          name, depth, entered, start, end, status, iteration, exited, failure, scheduled, started);
    }
  }

  /** One inline Map iteration, behind {@link IterationRecord}. */
  static final class Iteration {
    final int index;
    StateStatus status = StateStatus.RUNNING;
    long firstEntered;
    long lastExited;
    long failure;

    Iteration(int index) {
      this.index = index;
    }

    IterationRecord view() {
      return new IterationRecord(index, status, firstEntered, lastExited, failure);
    }
  }
}
