package io.stepwise.engine.runtime.memory;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.interpret.Command;

/** Serves the tasks of an in-memory execution (mocks in tests and the CLI, handlers in Express). */
@FunctionalInterface
public interface TaskHandler {
  /** Runs one dispatched task and says how it ended. Called on the runner's thread. */
  Outcome handle(Command.DispatchTask task);

  /** How a task ended. */
  sealed interface Outcome {
    record Success(JsonNode output) implements Outcome {}

    record Failure(String error, String cause) implements Outcome {}

    /** The task never answers: only its TimeoutSeconds or HeartbeatSeconds can end it. */
    record NoAnswer() implements Outcome {}
  }

  /** A handler for definitions that have no Task states: any dispatch is an error. */
  TaskHandler NONE =
      task ->
          new Outcome.Failure(
              "States.TaskFailed", "No handler serves the resource " + task.resource().arn());
}
