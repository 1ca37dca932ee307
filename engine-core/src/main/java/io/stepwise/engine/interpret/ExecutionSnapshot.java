package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * Everything the interpreter needs to continue an execution: its identity, its status and the tree
 * of running frames. A projection of the history that can be rebuilt from it; stored as JSON by
 * durable runtimes. Mutable: a step advances it in place, so a caller that needs the old version
 * keeps a copy (its JSON).
 */
public final class ExecutionSnapshot {
  public String executionArn;
  public String executionName;
  public String stateMachineArn;
  public String stateMachineName;
  public String roleArn;

  /** The version it was started from, when started through a version or an alias; else null. */
  public String stateMachineVersionArn;

  /** The alias it was started through, if any. */
  public String stateMachineAliasArn;

  public JsonNode input;
  public Instant startTime;
  public ExecutionStatus status = ExecutionStatus.RUNNING;
  public JsonNode output;
  public String error;
  public String cause;
  public Instant stopTime;

  /** Id of the last history event written. */
  public long lastEventId;

  /** Seed of the execution's randomness (jitter, UUID, MathRandom), secret and fixed at start. */
  public long randomSeed;

  /** How many random values were drawn, so a replay draws the same ones. */
  public long randomDraws;

  /** Counter for task tokens and timer ids. */
  public long sequence;

  /** Timer that ends the execution at the definition's TimeoutSeconds, if any. */
  public String executionTimerId;

  public int redriveCount;

  /** An Express execution (in memory, at-least-once). */
  public boolean express;

  /** Time travel: stop the interpreter right after this event (0: never). */
  public long haltAfterEventId;

  /** The top-level frame. */
  public Frame root;

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
}
