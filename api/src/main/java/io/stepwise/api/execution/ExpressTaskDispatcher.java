package io.stepwise.api.execution;

import io.stepwise.api.activity.ExpressTaskQueue;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.runtime.live.TaskDispatcher;
import io.stepwise.engine.runtime.memory.MockedTasks;
import io.stepwise.engine.runtime.memory.TaskHandler;
import java.util.function.Consumer;

/**
 * Where an Express execution's tasks go: a mocked answer when the server has Express mocks for the
 * state, a nested start for {@code states:startExecution} (request-response, the only pattern
 * Express allows), and otherwise a worker through the in-memory {@link ExpressTaskQueue}.
 */
final class ExpressTaskDispatcher implements TaskDispatcher {
  private static final String NESTED_PREFIX = "arn:aws:states:::states:startExecution";

  private final ExpressTaskQueue queue;
  private final TaskHandler mocks;
  private final ExecutionStarter starter;
  private final ExecutionSnapshot execution;

  ExpressTaskDispatcher(
      ExpressTaskQueue queue,
      TaskHandler mocks,
      ExecutionStarter starter,
      ExecutionSnapshot execution) {
    this.queue = queue;
    this.mocks = mocks;
    this.starter = starter;
    this.execution = execution;
  }

  @Override
  public void dispatch(Command.DispatchTask task, Consumer<Signal> answers) {
    if (mocks != null && answeredByMock(task, answers)) return;
    if (task.resource().arn().startsWith(NESTED_PREFIX)) {
      // Starting a child may touch the database: not on the runner's own thread.
      Thread.ofVirtual()
          .name("express-nested-start")
          .start(
              () -> {
                Signal answer = starter.startNested(execution.executionArn(), task);
                if (answer != null) answers.accept(answer);
              });
      return;
    }
    queue.offer(execution.executionArn(), task, answers);
  }

  private boolean answeredByMock(Command.DispatchTask task, Consumer<Signal> answers) {
    TaskHandler.Outcome outcome;
    try {
      outcome = mocks.handle(task);
    } catch (MockedTasks.MissingMockException e) {
      return false; // not mocked: a worker serves it
    }
    switch (outcome) {
      case TaskHandler.Outcome.Success s ->
          answers.accept(new Signal.TaskSucceeded(task.taskToken(), s.output()));
      case TaskHandler.Outcome.Failure f ->
          answers.accept(new Signal.TaskFailed(task.taskToken(), f.error(), f.cause()));
      case TaskHandler.Outcome.NoAnswer n -> {}
    }
    return true;
  }

  @Override
  public void cancel(String taskToken) {
    queue.cancel(taskToken);
  }
}
