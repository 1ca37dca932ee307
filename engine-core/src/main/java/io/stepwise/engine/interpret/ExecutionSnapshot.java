package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.service.AwsLimits;
import java.time.Duration;
import java.time.Instant;

/**
 * Everything the interpreter needs to continue an execution: its identity, its status and the tree
 * of running frames. A projection of the history that can be rebuilt from it; stored as JSON by
 * durable runtimes ({@link SnapshotCodec}, field by field).
 *
 * <p>The interpreter's own: only this package changes it, a step advancing it in place (so a caller
 * that needs the old version keeps a copy, its JSON). Runtimes read it through the accessors and
 * say what kind of execution it is before its start ({@link #startedThrough}, {@link #asExpress});
 * everything else they do to an execution is a {@link Signal} to {@link Interpreter#step}.
 */
public final class ExecutionSnapshot {
  String executionArn;
  String executionName;
  String stateMachineArn;
  String stateMachineName;
  String roleArn;

  /** The version it was started from, when started through a version or an alias; else null. */
  String stateMachineVersionArn;

  /** The alias it was started through, if any. */
  String stateMachineAliasArn;

  JsonNode input;
  Instant startTime;
  ExecutionStatus status = ExecutionStatus.RUNNING;
  JsonNode output;
  String error;
  String cause;
  Instant stopTime;

  /** Id of the last history event written. */
  long lastEventId;

  /** Seed of the execution's randomness (jitter, UUID, MathRandom), secret and fixed at start. */
  long randomSeed;

  /** How many random values were drawn, so a replay draws the same ones. */
  long randomDraws;

  /** Counter for task tokens and timer ids. */
  long sequence;

  /** Timer that ends the execution at the definition's TimeoutSeconds, if any. */
  String executionTimerId;

  int redriveCount;

  /** An Express execution (in memory, at-least-once). */
  boolean express;

  /** Time travel: stop the interpreter right after this event (0: never). */
  long haltAfterEventId;

  /** The top-level frame. */
  Frame root;

  /**
   * An Express execution's maximum duration when the runtime set one other than AWS's (null: AWS's
   * for its type, {@link AwsLimits}).
   */
  Duration maxDuration;

  /** A new, not yet started execution. */
  public static ExecutionSnapshot create(
      String executionArn,
      String executionName,
      String stateMachineArn,
      String stateMachineName,
      String roleArn,
      JsonNode input,
      Instant startTime,
      long randomSeed) {
    ExecutionSnapshot s = new ExecutionSnapshot();
    s.executionArn = executionArn;
    s.executionName = executionName;
    s.stateMachineArn = stateMachineArn;
    s.stateMachineName = stateMachineName;
    s.roleArn = roleArn;
    s.input = input;
    s.startTime = startTime;
    s.randomSeed = randomSeed;
    return s;
  }

  /**
   * Started through a version or an alias: ExecutionStarted names them (AWS names the machine only
   * when one was used). Before the start only.
   */
  public ExecutionSnapshot startedThrough(String versionArn, String aliasArn) {
    requireNotStarted();
    this.stateMachineVersionArn = versionArn;
    this.stateMachineAliasArn = aliasArn;
    return this;
  }

  /** An Express execution with AWS's maximum duration (five minutes). Before the start only. */
  public ExecutionSnapshot asExpress() {
    return asExpress(null);
  }

  /**
   * An Express execution that ends as TIMED_OUT after {@code maxDuration} (null: AWS's five
   * minutes) unless its definition's TimeoutSeconds ends it earlier. Before the start only.
   */
  public ExecutionSnapshot asExpress(Duration maxDuration) {
    requireNotStarted();
    this.express = true;
    this.maxDuration = maxDuration;
    return this;
  }

  /**
   * Time travel: the next step stops with {@link HaltedException} right after event {@code eventId}
   * (0: never).
   */
  public void haltAfter(long eventId) {
    this.haltAfterEventId = eventId;
  }

  private void requireNotStarted() {
    if (lastEventId != 0) throw new IllegalStateException("the execution has started");
  }

  public String executionArn() {
    return executionArn;
  }

  public String executionName() {
    return executionName;
  }

  public String stateMachineArn() {
    return stateMachineArn;
  }

  public String stateMachineName() {
    return stateMachineName;
  }

  public String roleArn() {
    return roleArn;
  }

  public String stateMachineVersionArn() {
    return stateMachineVersionArn;
  }

  public String stateMachineAliasArn() {
    return stateMachineAliasArn;
  }

  public JsonNode input() {
    return input;
  }

  public Instant startTime() {
    return startTime;
  }

  public ExecutionStatus status() {
    return status;
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

  public Instant stopTime() {
    return stopTime;
  }

  public long lastEventId() {
    return lastEventId;
  }

  public long randomSeed() {
    return randomSeed;
  }

  public String executionTimerId() {
    return executionTimerId;
  }

  public int redriveCount() {
    return redriveCount;
  }

  public boolean express() {
    return express;
  }

  /** How long the execution may run at most (AWS's for its type unless the runtime set one). */
  public Duration maxDuration() {
    if (maxDuration != null) return maxDuration;
    return express ? AwsLimits.EXPRESS_DURATION : AwsLimits.STANDARD_DURATION;
  }

  /** The top-level frame (null before the start). */
  public Frame root() {
    return root;
  }
}
