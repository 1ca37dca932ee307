package io.stepwise.engine.service;

import io.stepwise.engine.asl.StateMachineType;
import java.util.Optional;

/**
 * The state machines the product offers: what the web UI, approvals and the API use. Implemented
 * over PostgreSQL by the server and in memory for tests. Calls may block; they are safe from any
 * thread. Refusals are {@link ServiceException}s with AWS's names.
 */
public interface StateMachineService {
  /** A page of state machines, by name. */
  Page<StateMachineSummary> list(int pageSize, String pageToken);

  /** The state machine with that ARN, if any. */
  Optional<StateMachineDetail> describe(String stateMachineArn);

  /**
   * The state machine an execution runs, as pages draw it. A distributed Map's child runs its Map's
   * ItemProcessor, which is no state machine of the catalog: a service that keeps it answers with
   * the child's own definition (AWS's DescribeStateMachineForExecution); by default the execution's
   * state machine.
   */
  default Optional<StateMachineDetail> describeForExecution(ExecutionSummary execution) {
    return describe(execution.stateMachineArn());
  }

  /**
   * Creates a state machine. An invalid definition is refused with {@code InvalidDefinition} and
   * AWS's message (which names the state and field).
   */
  StateMachineDetail create(String name, String definition, StateMachineType type);

  /** Replaces the definition; refused like {@link #create} when invalid. */
  StateMachineDetail update(String stateMachineArn, String definition);
}
