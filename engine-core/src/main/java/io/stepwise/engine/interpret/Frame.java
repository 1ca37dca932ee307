package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One running graph of states: the execution itself, a Parallel branch or a Map iteration. A frame
 * is in one state at a time and, while that state waits, remembers what for. Like its {@link
 * ExecutionSnapshot}, only the interpreter changes it; everyone else reads it through the
 * accessors.
 */
public final class Frame {
  /** Path from the root: "" for the root, then "/i" per level (child index). */
  String id;

  /** For a Map iteration, the item's index; for a Parallel branch, the branch index. */
  int index;

  String stateName;

  /** The current state's raw input (before InputPath). */
  JsonNode stateInput;

  long enteredEventId;

  /** The event the current state's entry followed from. */
  long enteredAfterEventId;

  Instant enteredTime;

  /** Last event id of this frame, for previousEventId. */
  long lastEventId;

  Phase phase = Phase.READY;

  // Task
  String taskToken;
  String timeoutTimerId;
  String heartbeatTimerId;
  Integer heartbeatSeconds;

  /** Effective input of the current state (after InputPath/Parameters), kept across a wait. */
  JsonNode effectiveInput;

  // Wait and retry back-off
  String timerId;

  /** Attempts made per retrier of the current state. */
  int[] retryAttempts;

  int retryCount;

  /** The current state has Retry/Catch, so its context shows State.RetryCount. */
  boolean recoverable;

  // Parallel and Map
  List<Frame> children;
  ArrayNode results;
  JsonNode items;
  int nextChild;
  int finishedChildren;
  int failedChildren;
  int maxConcurrency;
  int toleratedFailureCount = -1;
  double toleratedFailurePercentage = -1;

  /** The workflow variables this frame sees (its own and, copied at its start, its parent's). */
  ObjectNode variables;

  /** The parent has counted this child's outcome. */
  boolean accounted;

  /** A child failed beyond tolerance: the Parallel or Map state fails once its children stop. */
  boolean childFailed;

  /** Runs inside a distributed Map: its events belong to a child execution, not this history. */
  boolean silent;

  /** A distributed Map's child execution, run by the runtime; only its outcome comes back here. */
  boolean remote;

  /** A distributed Map's batches: each item is an array of items. */
  boolean batched;

  /** The Map Run of a distributed Map, while it runs. */
  String mapRunArn;

  // Outcome when DONE or FAILED
  JsonNode output;
  String error;
  String cause;

  /** What a frame is doing. */
  public enum Phase {
    READY,
    WAITING_TASK,
    WAITING_TIMER,
    WAITING_RETRY,
    WAITING_CHILDREN,
    /** A Map waits for its ItemReader's items. */
    WAITING_ITEMS,
    /** A Map waits for its ResultWriter. */
    WAITING_RESULTS,
    DONE,
    FAILED,
    ABORTED
  }

  static Frame root() {
    Frame f = new Frame();
    f.id = "";
    return f;
  }

  Frame child(int index) {
    Frame f = new Frame();
    f.id = id + "/" + index;
    f.index = index;
    if (children == null) children = new ArrayList<>();
    return f;
  }

  public boolean isFinished() {
    return phase == Phase.DONE || phase == Phase.FAILED || phase == Phase.ABORTED;
  }

  /** Path from the root: "" for the root, then "/i" per level (child index). */
  public String id() {
    return id;
  }

  /** For a Map iteration, the item's index; for a Parallel branch, the branch index. */
  public int index() {
    return index;
  }

  public String stateName() {
    return stateName;
  }

  /** The current state's raw input (before InputPath). */
  public JsonNode stateInput() {
    return stateInput;
  }

  public long enteredEventId() {
    return enteredEventId;
  }

  public Instant enteredTime() {
    return enteredTime;
  }

  /** Last event id of this frame, for previousEventId. */
  public long lastEventId() {
    return lastEventId;
  }

  public Phase phase() {
    return phase;
  }

  /** The task token the current state waits for, or null. */
  public String taskToken() {
    return taskToken;
  }

  public int retryCount() {
    return retryCount;
  }

  /** The Parallel's branches or the Map's iterations started so far; null for other states. */
  public List<Frame> children() {
    return children == null ? null : Collections.unmodifiableList(children);
  }

  /** The workflow variables this frame sees, or null when it has none. */
  public ObjectNode variables() {
    return variables;
  }

  /** A distributed Map's child execution: only its outcome comes back to this frame. */
  public boolean remote() {
    return remote;
  }

  public JsonNode output() {
    return output;
  }

  public String error() {
    return error;
  }

  public String cause() {
    return cause;
  }
}
