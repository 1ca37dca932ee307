package io.stepwise.engine.interpret;

import io.stepwise.engine.history.HistoryEvent;
import java.util.List;

/**
 * The outcome of one interpreter step: the history events it appended and the commands the runtime
 * must carry out once they are committed. The snapshot was advanced in place.
 */
public record StepResult(
    ExecutionSnapshot snapshot, List<HistoryEvent> events, List<Command> commands) {}
