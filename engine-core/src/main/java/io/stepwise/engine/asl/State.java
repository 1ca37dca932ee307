package io.stepwise.engine.asl;

/**
 * A state of the Amazon States Language. The set is closed: every consumer switches over the eight
 * types, so a new one cannot be forgotten anywhere.
 */
public sealed interface State
    permits PassState,
        TaskState,
        ChoiceState,
        WaitState,
        SucceedState,
        FailState,
        ParallelState,
        MapState {

  /** The fields every state has. */
  StateBase base();

  default String name() {
    return base().name();
  }

  /** AWS's name of the type, as in {@code "Type"} and in history event names. */
  default String typeName() {
    return switch (this) {
      case PassState s -> "Pass";
      case TaskState s -> "Task";
      case ChoiceState s -> "Choice";
      case WaitState s -> "Wait";
      case SucceedState s -> "Succeed";
      case FailState s -> "Fail";
      case ParallelState s -> "Parallel";
      case MapState s -> "Map";
    };
  }
}
