package io.stepwise.web.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.MapState;
import io.stepwise.engine.asl.ParallelState;
import io.stepwise.engine.asl.State;
import io.stepwise.engine.asl.StateGraph;
import io.stepwise.engine.history.HistoryBranches;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.history.HistoryEventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an execution's history says about each of its states, folded event by event: the colour of
 * every state, entry and retry counts, Map iteration counts, the event ids of each state's latest
 * input and output, and the visits of the timeline. Each event belongs to the state its branch (the
 * execution, a Parallel branch or a Map iteration, {@link HistoryBranches}) is in: AWS's {@code
 * previousEventId} does not always name an event of the same state (an EvaluationFailed follows
 * from the event before its state's entry, a Map's failure from its iteration's last event). Not
 * thread-safe: one owner applies events in order; events already applied are skipped, so
 * overlapping batches are harmless.
 */
public final class ExecutionProgress {
  /** The timeline keeps this many visits; a long Map would otherwise grow it without bound. */
  static final int MAX_VISITS = 500;

  private static final Set<HistoryEventType> FAILURES =
      EnumSet.of(
          HistoryEventType.TASK_FAILED,
          HistoryEventType.TASK_TIMED_OUT,
          HistoryEventType.TASK_START_FAILED,
          HistoryEventType.TASK_SUBMIT_FAILED,
          HistoryEventType.ACTIVITY_FAILED,
          HistoryEventType.ACTIVITY_TIMED_OUT,
          HistoryEventType.ACTIVITY_SCHEDULE_FAILED,
          HistoryEventType.LAMBDA_FUNCTION_FAILED,
          HistoryEventType.LAMBDA_FUNCTION_TIMED_OUT,
          HistoryEventType.LAMBDA_FUNCTION_SCHEDULE_FAILED,
          HistoryEventType.LAMBDA_FUNCTION_START_FAILED,
          HistoryEventType.MAP_STATE_FAILED,
          HistoryEventType.MAP_RUN_FAILED,
          HistoryEventType.PARALLEL_STATE_FAILED,
          HistoryEventType.EVALUATION_FAILED);

  /** Events that begin an attempt: after a failure they mean Retry ran the state again. */
  private static final Set<HistoryEventType> ATTEMPTS =
      EnumSet.of(
          HistoryEventType.TASK_SCHEDULED,
          HistoryEventType.ACTIVITY_SCHEDULED,
          HistoryEventType.LAMBDA_FUNCTION_SCHEDULED,
          HistoryEventType.MAP_STATE_STARTED,
          HistoryEventType.PARALLEL_STATE_STARTED);

  private static final Set<HistoryEventType> ABORTS =
      EnumSet.of(
          HistoryEventType.TASK_STATE_ABORTED,
          HistoryEventType.MAP_STATE_ABORTED,
          HistoryEventType.PARALLEL_STATE_ABORTED,
          HistoryEventType.WAIT_STATE_ABORTED);

  private static final Set<HistoryEventType> EXECUTION_ENDS =
      EnumSet.of(
          HistoryEventType.EXECUTION_SUCCEEDED,
          HistoryEventType.EXECUTION_FAILED,
          HistoryEventType.EXECUTION_ABORTED,
          HistoryEventType.EXECUTION_TIMED_OUT);

  /** Mutable per-state tally behind {@link StateRecord}. */
  private static final class Tally {
    final String name;
    StateStatus status = StateStatus.NOT_REACHED;
    boolean failing;
    int entries;
    int retries;
    boolean started;
    long entered;
    long exited;
    long failure;
    int iterations = -1;
    int iterationsSucceeded;
    int iterationsFailed;
    int items = -1;
    Visit open;

    Tally(String name) {
      this.name = name;
    }
  }

  /** Mutable timeline entry behind {@link StateVisit}. */
  private static final class Visit {
    final String name;
    final int depth;
    final long entered;
    final Instant start;
    Instant end;
    StateStatus status = StateStatus.RUNNING;

    Visit(String name, int depth, long entered, Instant start) {
      this.name = name;
      this.depth = depth;
      this.entered = entered;
      this.start = start;
    }
  }

  private final Map<String, String> parentOf;
  private final Map<String, Tally> states = new LinkedHashMap<>();
  private final Map<Long, String> owners = new HashMap<>();
  private final HistoryBranches branches = new HistoryBranches();

  /** The state each branch is in. */
  private final Map<String, String> current = new HashMap<>();

  private final List<Visit> visits = new ArrayList<>();
  private long lastEventId;
  private Instant started;
  private Instant ended;
  private HistoryEventType end;
  private String failedState;

  /**
   * @param graph the execution's top-level states, to know which states run inside which
   */
  public ExecutionProgress(StateGraph graph) {
    this.parentOf = new HashMap<>();
    containers(graph, null);
  }

  private void containers(StateGraph graph, String parent) {
    for (State state : graph.states().values()) {
      if (parent != null) parentOf.put(state.name(), parent);
      switch (state) {
        case ParallelState p -> p.branches().forEach(b -> containers(b, state.name()));
        case MapState m -> {
          if (m.itemProcessor() != null) containers(m.itemProcessor(), state.name());
        }
        default -> {}
      }
    }
  }

  /** Folds a batch of events in; events at or before the last one applied are skipped. */
  public void apply(List<HistoryEvent> events) {
    for (HistoryEvent e : events) apply(e);
  }

  /** Folds one event in. */
  public void apply(HistoryEvent e) {
    if (e.id() <= lastEventId) return;
    lastEventId = e.id();
    String branch = branches.add(e);
    HistoryEventType type = e.type();
    String aws = type.awsName();
    if (aws.endsWith("StateEntered")) {
      entered(e, text(e.details(), "name"), branch);
    } else if (aws.endsWith("StateExited")) {
      String name = text(e.details(), "name");
      owners.put(e.id(), name);
      Tally t = tally(name);
      t.exited = e.id();
      finish(t, t.failing ? StateStatus.CAUGHT : StateStatus.SUCCEEDED, e.timestamp());
    } else if (type == HistoryEventType.EXECUTION_STARTED) {
      started = e.timestamp();
    } else if (EXECUTION_ENDS.contains(type)) {
      ended = e.timestamp();
      end = type;
      if (type != HistoryEventType.EXECUTION_SUCCEEDED)
        failedState = owners.get(e.previousEventId());
      for (Tally t : states.values()) {
        if (t.status == StateStatus.RUNNING) {
          finish(t, t.failing ? StateStatus.FAILED : StateStatus.CANCELLED, e.timestamp());
        }
      }
    } else {
      stateEvent(e, type, current.get(branch));
    }
  }

  private void entered(HistoryEvent e, String name, String branch) {
    owners.put(e.id(), name);
    String before = current.put(branch, name);
    if (before != null && !before.equals(name)) {
      Tally previous = states.get(before);
      // The frame moved on from a state that had failed: a Catch took the error.
      if (previous != null && previous.failing && previous.status == StateStatus.RUNNING) {
        finish(previous, StateStatus.CAUGHT, e.timestamp());
      }
    }
    Tally t = tally(name);
    t.entries++;
    t.failing = false;
    t.started = false;
    t.entered = e.id();
    t.status = StateStatus.RUNNING;
    Visit visit = new Visit(name, depth(name), e.id(), e.timestamp());
    t.open = visit;
    if (visits.size() < MAX_VISITS) visits.add(visit);
    if (e.type() == HistoryEventType.FAIL_STATE_ENTERED) {
      t.failing = true;
      t.failure = e.id();
      finish(t, StateStatus.FAILED, e.timestamp());
    }
  }

  private void stateEvent(HistoryEvent e, HistoryEventType type, String name) {
    String mapName = text(e.details(), "name");
    if (type.awsName().startsWith("MapIteration") && mapName != null) name = mapName;
    if (name == null) return;
    owners.put(e.id(), name);
    Tally t = tally(name);
    if (FAILURES.contains(type)) {
      t.failing = true;
      t.failure = e.id();
    } else if (ATTEMPTS.contains(type) && (t.failing || t.started && fanOutStart(type))) {
      // A fan-out's failed attempt leaves no failure on its own line, only a new start.
      t.retries++;
      t.failing = false;
      t.status = StateStatus.RUNNING;
    }
    if (ATTEMPTS.contains(type)) t.started = true;
    else if (ABORTS.contains(type)) {
      finish(t, StateStatus.CANCELLED, e.timestamp());
    }
    switch (type) {
      case MAP_STATE_STARTED -> {
        JsonNode length = e.details() == null ? null : e.details().get("length");
        if (length != null && length.canConvertToInt()) t.items = length.intValue();
        if (t.iterations < 0) t.iterations = 0;
      }
      case MAP_ITERATION_STARTED -> t.iterations = Math.max(0, t.iterations) + 1;
      case MAP_ITERATION_SUCCEEDED -> t.iterationsSucceeded++;
      case MAP_ITERATION_FAILED, MAP_ITERATION_ABORTED -> t.iterationsFailed++;
      default -> {}
    }
  }

  private static boolean fanOutStart(HistoryEventType type) {
    return type == HistoryEventType.MAP_STATE_STARTED
        || type == HistoryEventType.PARALLEL_STATE_STARTED;
  }

  /** Ends a state's current run; states inside a finished container end with it. */
  private void finish(Tally t, StateStatus status, Instant at) {
    t.status = status;
    if (status != StateStatus.CAUGHT && status != StateStatus.FAILED) t.failing = false;
    if (t.open != null) {
      t.open.end = at;
      t.open.status = status;
      t.open = null;
    }
    for (Tally inner : states.values()) {
      if (inner.status == StateStatus.RUNNING && t.name.equals(parentOf.get(inner.name))) {
        finish(inner, inner.failing ? StateStatus.FAILED : StateStatus.CANCELLED, at);
      }
    }
  }

  private int depth(String name) {
    int depth = 0;
    for (String p = parentOf.get(name); p != null; p = parentOf.get(p)) depth++;
    return depth;
  }

  private Tally tally(String name) {
    return states.computeIfAbsent(name, Tally::new);
  }

  private static String text(JsonNode details, String field) {
    JsonNode v = details == null ? null : details.get(field);
    return v == null || !v.isTextual() ? null : v.textValue();
  }

  /** What is known about the state, or a NOT_REACHED record. */
  public StateRecord state(String name) {
    Tally t = states.get(name);
    if (t == null)
      return new StateRecord(name, StateStatus.NOT_REACHED, 0, 0, 0, 0, 0, -1, 0, 0, -1);
    return new StateRecord(
        t.name,
        t.status,
        t.entries,
        t.retries,
        t.entered,
        t.exited,
        t.failure,
        t.iterations,
        t.iterationsSucceeded,
        t.iterationsFailed,
        t.items);
  }

  /** Every state reached so far, in the order first reached. */
  public List<StateRecord> reached() {
    return states.keySet().stream().map(this::state).toList();
  }

  /** The timeline: the first {@value #MAX_VISITS} visits, in order of entry. */
  public List<StateVisit> visits() {
    return visits.stream()
        .map(v -> new StateVisit(v.name, v.depth, v.entered, v.start, v.end, v.status))
        .toList();
  }

  public long lastEventId() {
    return lastEventId;
  }

  /** When the execution started, or null before its first event. */
  public Instant started() {
    return started;
  }

  /** When it ended, or null while it runs. */
  public Instant ended() {
    return ended;
  }

  /** The event type that ended it, or null while it runs. */
  public HistoryEventType end() {
    return end;
  }

  /** The state whose error ended the execution, or null. */
  public String failedState() {
    return failedState;
  }
}
