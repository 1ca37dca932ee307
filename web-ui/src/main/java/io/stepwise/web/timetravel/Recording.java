package io.stepwise.web.timetravel;

import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.port.Ports;
import io.stepwise.engine.replay.ExecutionExport;
import io.stepwise.engine.replay.Replay;
import io.stepwise.engine.replay.TimeTravel;
import io.stepwise.engine.service.ExecutionDetail;
import io.stepwise.engine.service.StateMachineDetail;
import java.util.List;

/**
 * An execution as read from the services for time travel, replay and export: its detail, its state
 * machine, its whole history and the export built from them. Immutable; a running execution gets a
 * new recording when its history grows.
 *
 * <p>The services keep no definition per execution, so the export carries the state machine's
 * current definition; {@link #definitionChanged()} says when that may not be the one that ran.
 */
public final class Recording {
  private final ExecutionDetail detail;
  private final StateMachineDetail machine;
  private final List<HistoryEvent> events;
  private final ExecutionExport export;
  private final Ports ports;
  private volatile Replay.Report selfCheck;

  Recording(
      ExecutionDetail detail,
      StateMachineDetail machine,
      List<HistoryEvent> events,
      ExecutionExport export,
      Ports ports) {
    this.detail = detail;
    this.ports = ports;
    this.machine = machine;
    this.events = List.copyOf(events);
    this.export = export;
  }

  /**
   * The execution right after event {@code eventId}, rebuilt by the interpreter from the recorded
   * outcomes ({@link TimeTravel}: in the recorded order, with its stops and redrives).
   */
  public ExecutionSnapshot rebuildAt(long eventId) {
    return TimeTravel.at(export, definition(), eventId, ports);
  }

  /** The recorded run replayed through {@code other}: agreement or the first divergence. */
  public Replay.Report replay(StateMachineDefinition other) {
    // A pasted definition is code too: it runs within the server's budget and reaches nothing
    // outside the recording (no file, no network: the runs' outbound policy is none).
    return Replay.run(export, other, ports);
  }

  public ExecutionDetail detail() {
    return detail;
  }

  public StateMachineDetail machine() {
    return machine;
  }

  public StateMachineDefinition definition() {
    return machine.parsed();
  }

  public List<HistoryEvent> events() {
    return events;
  }

  public ExecutionExport export() {
    return export;
  }

  public long lastEventId() {
    return events.isEmpty() ? 0 : events.getLast().id();
  }

  public boolean finished() {
    return detail.summary().status().isTerminal();
  }

  /** The machine was updated after the execution started, so it may have run another definition. */
  public boolean definitionChanged() {
    return machine.updatedAt() != null && machine.updatedAt().isAfter(detail.summary().startDate());
  }

  /**
   * The recording replayed through the definition time travel uses: where the rebuild would depart
   * from what happened, or null for a running execution (its last task has no recorded result yet,
   * so a whole replay cannot finish). Computed once per recording.
   */
  public Replay.Report selfCheck() {
    if (!finished()) return null;
    Replay.Report known = selfCheck;
    if (known == null) {
      known = replay(definition());
      selfCheck = known;
    }
    return known;
  }
}
