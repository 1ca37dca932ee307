package io.stepwise.engine.service;

import io.stepwise.engine.history.HistoryEvent;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Executions and their histories: what the web UI, approvals and the API use. Implemented over
 * PostgreSQL by the server and in memory for tests. Calls may block; they are safe from any thread.
 * Refusals are {@link ServiceException}s with AWS's names.
 */
public interface ExecutionService {
  Page<ExecutionSummary> list(ExecutionQuery query);

  Optional<ExecutionDetail> describe(String executionArn);

  /**
   * Events with ids after {@code afterEventId}, at most {@code max}, in order. Pages through
   * histories of any length.
   */
  List<HistoryEvent> history(String executionArn, long afterEventId, int max);

  /** Starts an execution; {@code name} may be null for a generated one. Input is JSON text. */
  ExecutionSummary start(String stateMachineArn, String name, String input);

  /** StopExecution: the execution ends as ABORTED. */
  void stop(String executionArn, String error, String cause);

  /** RedriveExecution: a failed, timed-out or aborted execution goes on from where it stopped. */
  ExecutionSummary redrive(String executionArn);

  /**
   * Refuses ({@code AccessDeniedException}) unless the caller may run a definition of their own
   * against the execution's recorded results: replay or time travel with a pasted definition. A
   * definition is code the server runs, so this is an editor's action on the execution's team,
   * where merely looking at the execution is a viewer's.
   */
  void requireTrialRun(String executionArn);

  /**
   * Calls {@code listener} with each batch of new events of the execution, on any node's change,
   * until the returned handle is closed. The listener must not block; it holds no thread while
   * nothing happens.
   */
  AutoCloseable watch(String executionArn, Consumer<List<HistoryEvent>> listener);
}
