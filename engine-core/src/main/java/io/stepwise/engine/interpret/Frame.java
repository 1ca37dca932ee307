package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One running graph of states: the execution itself, a Parallel branch or a Map iteration. A frame
 * is in one state at a time and, while that state waits, remembers what for.
 */
public final class Frame {
  /** Path from the root: "" for the root, then "/i" per level (child index). */
  public String id;

  /** For a Map iteration, the item's index; for a Parallel branch, the branch index. */
  public int index;

  public String stateName;

  /** The current state's raw input (before InputPath). */
  public JsonNode stateInput;

  public long enteredEventId;

  /** The event the current state's entry followed from. */
  public long enteredAfterEventId;

  public Instant enteredTime;

  /** Last event id of this frame, for previousEventId. */
  public long lastEventId;

  public Phase phase = Phase.READY;

  // Task
  public String taskToken;
  public String timeoutTimerId;
  public String heartbeatTimerId;
  public Integer heartbeatSeconds;

  /** Effective input of the current state (after InputPath/Parameters), kept across a wait. */
  public JsonNode effectiveInput;

  // Wait and retry back-off
  public String timerId;

  /** Attempts made per retrier of the current state. */
  public int[] retryAttempts;

  public int retryCount;

  /** The current state has Retry/Catch, so its context shows State.RetryCount. */
  public boolean recoverable;

  // Parallel and Map
  public List<Frame> children;
  public ArrayNode results;
  public JsonNode items;
  public int nextChild;
  public int finishedChildren;
  public int failedChildren;
  public int maxConcurrency;
  public int toleratedFailureCount = -1;
  public double toleratedFailurePercentage = -1;

  /** The workflow variables this frame sees (its own and, copied at its start, its parent's). */
  public ObjectNode variables;

  /** The parent has counted this child's outcome. */
  public boolean accounted;

  /** A child failed beyond tolerance: the Parallel or Map state fails once its children stop. */
  public boolean childFailed;

  /** Runs inside a distributed Map: its events belong to a child execution, not this history. */
  public boolean silent;

  /** A distributed Map's child execution, run by the runtime; only its outcome comes back here. */
  public boolean remote;

  /** A distributed Map's batches: each item is an array of items. */
  public boolean batched;

  /** The Map Run of a distributed Map, while it runs. */
  public String mapRunArn;

  // Outcome when DONE or FAILED
  public JsonNode output;
  public String error;
  public String cause;

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

  boolean isFinished() {
    return phase == Phase.DONE || phase == Phase.FAILED || phase == Phase.ABORTED;
  }
}
