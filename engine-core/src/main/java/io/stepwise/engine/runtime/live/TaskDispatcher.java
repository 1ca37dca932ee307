package io.stepwise.engine.runtime.live;

import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.interpret.Signal;
import java.util.function.Consumer;

/**
 * Serves the tasks of a {@link RealTimeRunner}: a task is handed over and answered later, from any
 * thread, through {@code answers} ({@link Signal.TaskSucceeded}, {@link Signal.TaskFailed}, {@link
 * Signal.TaskHeartbeat}). Answers to a task the execution no longer waits for are ignored.
 */
public interface TaskDispatcher {
  /** Hands the task to whoever serves its resource; must not block for the task's duration. */
  void dispatch(Command.DispatchTask task, Consumer<Signal> answers);

  /** The execution no longer waits for the task (it timed out, was cancelled, or the run ended). */
  default void cancel(String taskToken) {}
}
