package io.stepwise.api.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.service.DispatchedTask;
import java.time.Instant;
import java.util.List;

/**
 * Something a committed step leaves to do that is not a row: data that {@link StepWriter} records
 * in the step's {@link AfterCommit} and {@link StepEffects} carries out once the step committed.
 * The quick ones (notifications, wake-ups, metrics) run on the committing thread; the others on
 * threads of their own, and {@link RecoverySweep} finds those again after a crash.
 */
sealed interface Effect {
  /** Quick bookkeeping, done on the committing thread. */
  sealed interface Inline extends Effect {}

  /** Work that may take long or take a step of its own, done on a thread of its own. */
  sealed interface Background extends Effect {}

  /** The execution's row and history changed: its watchers on every node are told. */
  record ExecutionChanged(String executionArn) implements Inline {}

  /** A task for the workers of the resource was queued: their long polls wake. */
  record TaskQueued(String resource) implements Inline {}

  /** A timer was set: the firing loops wake if it is due before they would. */
  record TimerSet(Instant dueAt) implements Inline {}

  /**
   * The execution's step committed with these events, {@code startedNanos} after it began: the
   * metrics, and the state transitions its team's quota spends.
   */
  record Committed(String executionArn, List<HistoryEvent> events, long startedNanos)
      implements Inline {}

  /** A task for a built-in handler (an approval) was dispatched. */
  record BuiltInDispatched(DispatchedTask task) implements Background {}

  /** An open built-in task was cancelled (its execution ended or moved on). */
  record BuiltInCancelled(String token) implements Background {}

  /** A child execution whose parent no longer waits is stopped. */
  record ChildStopped(String childArn) implements Background {}

  /** A child execution ended: its parent's task is answered. */
  record ChildEnded(String parentArn, String parentToken, String childArn) implements Background {}

  /** A child execution was inserted without its first step, which runs now. */
  record ChildInserted(String childArn) implements Background {}

  /** A distributed Map's ItemReader is read. */
  record ItemsToRead(String executionArn, String token, JsonNode reader) implements Background {}

  /** A distributed Map's ResultWriter is written. */
  record ResultsToWrite(String executionArn, String token, JsonNode work) implements Background {}

  /** A task of an execution started with a test case is answered from its mocks. */
  record MockToAnswer(
      String executionArn, String machineArn, String testCase, Command.DispatchTask task)
      implements Background {}

  /** A {@code states:startExecution} task starts its nested execution. */
  record NestedToStart(String executionArn, Command.DispatchTask task) implements Background {}
}
