package io.stepwise.engine.replay;

import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.SnapshotCodec;
import io.stepwise.engine.port.Ports;
import io.stepwise.engine.runtime.memory.InMemoryRunner;

/**
 * Rebuilds an execution as it was right after its event N, by running its recorded outcomes through
 * the same interpreter and stopping there — not from stored copies.
 */
public final class TimeTravel {
  private TimeTravel() {}

  /**
   * The snapshot right after event {@code eventId} (1-based): current states of every frame, their
   * data and variables.
   */
  public static ExecutionSnapshot at(
      ExecutionExport export, StateMachineDefinition definition, long eventId) {
    return at(export, definition, eventId, Ports.STANDARD);
  }

  /** The snapshot right after event {@code eventId}, evaluating within the ports' budget. */
  public static ExecutionSnapshot at(
      ExecutionExport export, StateMachineDefinition definition, long eventId, Ports ports) {
    // Every history but a distributed Map's without task starts re-runs in its recorded order.
    if (RecordedRun.suits(export, definition))
      return RecordedRun.at(export, definition, eventId, ports);
    ExecutionSnapshot snapshot =
        InMemoryRunner.localExecution(
            export.stateMachineName(),
            export.executionName(),
            export.input(),
            Replay.startTime(export),
            export.randomSeed());
    snapshot.haltAfter(eventId);
    try {
      new InMemoryRunner(definition, new RecordedOutcomes(export.events()), false)
          .withPorts(ports)
          .run(snapshot);
    } catch (io.stepwise.engine.interpret.HaltedException halted) {
      // Stopped at the requested event, as asked.
    }
    ExecutionSnapshot copy = SnapshotCodec.read(SnapshotCodec.write(snapshot));
    copy.haltAfter(0);
    return copy;
  }
}
