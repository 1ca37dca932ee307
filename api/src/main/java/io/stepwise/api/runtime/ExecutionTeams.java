package io.stepwise.api.runtime;

import java.util.Optional;

/**
 * Which team owns an execution (the team of its state machine), for the quota its state transitions
 * spend and the object store its distributed Maps read and write. Implemented where teams are known
 * (security).
 */
public interface ExecutionTeams {
  /** The owning team of the execution, if a team owns its state machine. */
  Optional<String> teamOf(String executionArn);
}
