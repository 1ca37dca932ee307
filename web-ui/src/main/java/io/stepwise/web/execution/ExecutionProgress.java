package io.stepwise.web.execution;

import static io.stepwise.web.execution.ProgressEvents.ABORTS;
import static io.stepwise.web.execution.ProgressEvents.ATTEMPTS;
import static io.stepwise.web.execution.ProgressEvents.EXECUTION_ENDS;
import static io.stepwise.web.execution.ProgressEvents.FAILURES;
import static io.stepwise.web.execution.ProgressEvents.STARTS;
import static io.stepwise.web.execution.ProgressEvents.fanOutStart;
import static io.stepwise.web.execution.ProgressEvents.iterationIndex;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.StateGraph;
import io.stepwise.engine.history.HistoryBranches;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.history.HistoryEventType;
import io.stepwise.web.execution.StateTally.Iteration;
import io.stepwise.web.execution.StateTally.Visit;
import io.stepwise.web.graph.PathTaken;
import io.stepwise.web.graph.StatePaint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an execution's history says about each of its states, folded event by event: the colour of
 * every state, entry and retry counts, Map iteration counts (failed apart from aborted), each
 * state's visits (one run of it in one branch, with the event ids of its input, output and
 * failure), inline Map iterations, and the visits of the timeline. Each event belongs to the state
 * its branch (the execution, a Parallel branch or a Map iteration, {@link HistoryBranches}) is in:
 * AWS's {@code previousEventId} does not always name an event of the same state (an
 * EvaluationFailed follows from the event before its state's entry, a Map's failure from its
 * iteration's last event). Not thread-safe: one owner applies events in order; events already
 * applied are skipped, so overlapping batches are harmless.
 */
public final class ExecutionProgress {
  /** The timeline keeps this many visits; a long Map would otherwise grow it without bound. */
  static final int MAX_VISITS = 500;

  /** Visits kept per state for the state panel's picker; more are counted, not kept. */
  static final int MAX_STATE_VISITS = 1000;

  private final StateNesting nesting;
  private final Map<String, StateTally> states = new LinkedHashMap<>();
  private final Map<Long, String> owners = new HashMap<>();

  /** Which branch (the execution, a Parallel branch, a Map iteration) each event belongs to. */
  private final HistoryBranches branches = new HistoryBranches();

  /** The state each branch is in, and its visit while it runs. */
  private final Map<String, String> current = new HashMap<>();

  private final Map<String, Visit> openVisits = new HashMap<>();
  private final Map<String, Iteration> iterationOfBranch = new HashMap<>();

  private final List<Visit> visits = new ArrayList<>();

  /** The transitions followed, in every branch; a state's scope start and end included. */
  private final Set<PathTaken.Step> steps = new LinkedHashSet<>();

  private long lastEventId;
  private Instant started;
  private Instant ended;
  private HistoryEventType end;
  private String failedState;

  /**
   * @param graph the execution's top-level states, to know which states run inside which
   */
  public ExecutionProgress(StateGraph graph) {
    this.nesting = new StateNesting(graph);
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
      exited(e, text(e.details(), "name"), branch);
    } else if (type == HistoryEventType.EXECUTION_STARTED) {
      started = e.timestamp();
    } else if (EXECUTION_ENDS.contains(type)) {
      executionEnded(e, type);
    } else {
      stateEvent(e, type, branch);
    }
  }

  private void entered(HistoryEvent e, String name, String frame) {
    owners.put(e.id(), name);
    // The branch's previous state, or none: the branch started here (a scope's start arrow).
    steps.add(new PathTaken.Step(current.get(frame), name));
    current.put(frame, name);
    Visit before = openVisits.get(frame);
    // The branch moved on from a state that had failed: a Catch took the error.
    if (before != null && before.failing) close(before, StateStatus.CAUGHT, e.timestamp());
    StateTally t = tally(name);
    t.entries++;
    t.status = StateStatus.RUNNING;
    Visit visit =
        new Visit(name, nesting.depth(name), frame, iterationIndex(frame), e.id(), e.timestamp());
    openVisits.put(frame, visit);
    t.last = visit;
    if (t.visits.size() < MAX_STATE_VISITS) t.visits.add(visit);
    if (visits.size() < MAX_VISITS) visits.add(visit);
    Iteration iteration = iterationOfBranch.get(frame);
    if (iteration != null && iteration.firstEntered == 0) iteration.firstEntered = e.id();
    if (e.type() == HistoryEventType.FAIL_STATE_ENTERED) {
      steps.add(new PathTaken.Step(name, null));
      failed(visit, e.id());
      close(visit, StateStatus.FAILED, e.timestamp());
    }
  }

  private void exited(HistoryEvent e, String name, String frame) {
    owners.put(e.id(), name);
    Iteration iteration = iterationOfBranch.get(frame);
    if (iteration != null) iteration.lastExited = e.id();
    Visit visit = openVisits.get(frame);
    if (visit == null || !visit.name.equals(name)) return;
    visit.exited = e.id();
    // Leaving a state that ends its scope follows the arrow to the scope's end; a state with a
    // Next has no such arrow, so this marks nothing there.
    steps.add(new PathTaken.Step(name, null));
    close(visit, visit.failing ? StateStatus.CAUGHT : StateStatus.SUCCEEDED, e.timestamp());
  }

  private void executionEnded(HistoryEvent e, HistoryEventType type) {
    ended = e.timestamp();
    end = type;
    if (type != HistoryEventType.EXECUTION_SUCCEEDED) failedState = owners.get(e.previousEventId());
    for (Visit v : List.copyOf(openVisits.values())) {
      close(v, v.failing ? StateStatus.FAILED : StateStatus.CANCELLED, e.timestamp());
    }
    for (StateTally t : states.values()) {
      if (t.status == StateStatus.RUNNING) t.status = StateStatus.CANCELLED;
    }
  }

  private void stateEvent(HistoryEvent e, HistoryEventType type, String frame) {
    String name = current.get(frame);
    String mapName = text(e.details(), "name");
    if (type.awsName().startsWith("MapIteration") && mapName != null) name = mapName;
    if (type == HistoryEventType.MAP_ITERATION_STARTED && mapName != null) {
      Iteration iteration = new Iteration(iterationIndex(frame));
      iterationOfBranch.put(frame, iteration);
      tally(mapName).iterationsByIndex.put(iteration.index, iteration);
    }
    if (name == null) return;
    owners.put(e.id(), name);
    StateTally t = tally(name);
    Visit visit = openVisits.get(frame);
    boolean own = visit != null && visit.name.equals(name);
    if (FAILURES.contains(type)) {
      if (own) failed(visit, e.id());
      Iteration iteration = iterationOfBranch.get(frame);
      if (iteration != null) iteration.failure = e.id();
    } else if (ATTEMPTS.contains(type)
        && own
        && (visit.failing || visit.attempted && fanOutStart(type))) {
      // A fan-out's failed attempt leaves no failure on its own branch, only a new start.
      t.retries++;
      visit.failing = false;
      t.status = StateStatus.RUNNING;
    } else if (ABORTS.contains(type) && own) {
      close(visit, StateStatus.CANCELLED, e.timestamp());
    }
    if (own && ATTEMPTS.contains(type)) visit.attempted = true;
    if (own && type.awsName().endsWith("Scheduled")) {
      visit.scheduled = e.id();
      visit.started = 0;
    } else if (own && STARTS.contains(type)) {
      visit.started = e.id();
    }
    switch (type) {
      case MAP_STATE_STARTED -> {
        JsonNode length = e.details() == null ? null : e.details().get("length");
        if (length != null && length.canConvertToInt()) t.items = length.intValue();
        if (t.iterations < 0) t.iterations = 0;
      }
      case MAP_ITERATION_STARTED -> t.iterations = Math.max(0, t.iterations) + 1;
      case MAP_ITERATION_SUCCEEDED -> iterationEnded(t, frame, StateStatus.SUCCEEDED, e);
      case MAP_ITERATION_FAILED -> iterationEnded(t, frame, StateStatus.FAILED, e);
      case MAP_ITERATION_ABORTED -> iterationEnded(t, frame, StateStatus.CANCELLED, e);
      default -> {}
    }
  }

  private void iterationEnded(StateTally map, String frame, StateStatus status, HistoryEvent e) {
    switch (status) {
      case SUCCEEDED -> map.iterationsSucceeded++;
      case FAILED -> map.iterationsFailed++;
      default -> map.iterationsAborted++;
    }
    Iteration iteration = iterationOfBranch.get(frame);
    if (iteration != null) iteration.status = status;
    Visit open = openVisits.get(frame);
    if (open != null) close(open, open.failing ? StateStatus.FAILED : status, e.timestamp());
  }

  private void failed(Visit visit, long eventId) {
    visit.failing = true;
    visit.failure = eventId;
    StateTally t = tally(visit.name);
    t.lastFailed = visit;
  }

  /**
   * Ends a visit; its state takes the visit's status (a failure is not hidden by another
   * iteration's cancellation), and visits of states inside a finished container end with it.
   */
  private void close(Visit visit, StateStatus status, Instant at) {
    if (openVisits.get(visit.frame) == visit) openVisits.remove(visit.frame);
    visit.end = at;
    visit.status = status;
    StateTally t = tally(visit.name);
    if (!(t.status == StateStatus.FAILED && status == StateStatus.CANCELLED)) t.status = status;
    for (Visit inner : List.copyOf(openVisits.values())) {
      if (nesting.inside(inner.name, visit.name)) {
        close(inner, inner.failing ? StateStatus.FAILED : StateStatus.CANCELLED, at);
      }
    }
  }

  private StateTally tally(String name) {
    return states.computeIfAbsent(name, StateTally::new);
  }

  private static String text(JsonNode details, String field) {
    JsonNode v = details == null ? null : details.get(field);
    return v == null || !v.isTextual() ? null : v.textValue();
  }

  /** What is known about the state, or a NOT_REACHED record; its event ids are of one visit. */
  public StateRecord state(String name) {
    StateTally t = states.get(name);
    if (t == null) {
      return new StateRecord(name, StateStatus.NOT_REACHED, 0, 0, 0, 0, 0, -1, 0, 0, 0, -1);
    }
    return t.record(t.focus());
  }

  /** The state as one of its visits saw it (the visit whose StateEntered is {@code enteredId}). */
  public StateRecord state(String name, long enteredId) {
    StateTally t = states.get(name);
    if (t == null) return state(name);
    return t.visits.stream()
        .filter(v -> v.entered == enteredId)
        .findFirst()
        .map(t::record)
        .orElseGet(() -> state(name));
  }

  /** The state's visits (the first {@value #MAX_STATE_VISITS}), in order of entry. */
  public List<StateVisit> visitsOf(String name) {
    StateTally t = states.get(name);
    return t == null ? List.of() : t.visits.stream().map(Visit::view).toList();
  }

  /** A Map state's inline iterations by index (the latest run of each, after a redrive). */
  public List<IterationRecord> iterationsOf(String mapName) {
    StateTally t = states.get(mapName);
    if (t == null) return List.of();
    return t.iterationsByIndex.values().stream().map(Iteration::view).toList();
  }

  /** Each state reached so far painted by what happened to it. */
  public Map<String, StatePaint> paints() {
    Map<String, StatePaint> paints = new HashMap<>();
    for (StateRecord r : reached()) {
      paints.put(r.name(), new StatePaint(r.status().cssClass(), r.note()));
    }
    return paints;
  }

  /** The states entered so far in the order first entered, and the transitions followed. */
  public PathTaken path() {
    List<String> order = new ArrayList<>();
    for (StateTally t : states.values()) if (t.entries > 0) order.add(t.name);
    return new PathTaken(order, steps);
  }

  /** Every state reached so far, in the order first reached. */
  public List<StateRecord> reached() {
    return states.keySet().stream().map(this::state).toList();
  }

  /** The timeline: the first {@value #MAX_VISITS} visits, in order of entry. */
  public List<StateVisit> visits() {
    return visits.stream().map(Visit::view).toList();
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
