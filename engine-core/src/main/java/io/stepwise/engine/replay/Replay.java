package io.stepwise.engine.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.history.AwsHistoryFormat;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.port.Ports;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import io.stepwise.engine.runtime.memory.MockedTasks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a recorded execution's task results, errors and timer firings through a definition (the same
 * or a new one) and finds the first event where the new run departs from the recording — the check
 * to make before publishing a new version.
 */
public final class Replay {
  /** Fields of event details that identify a run rather than describe it. */
  private static final List<String> COMPARED =
      List.of("name", "input", "output", "error", "cause", "index", "length");

  private Replay() {}

  /**
   * Where two histories part: the event number (1-based), the recorded and the replayed event type
   * and the state each belongs to, and for the first differing detail its field and both values.
   * {@code field} is null when the types differ or one history ended; {@code why} says what made
   * the runs part when it is known (a Choice whose rules now send the input elsewhere), else null.
   */
  public record Divergence(
      int eventId,
      String recordedType,
      String replayedType,
      String field,
      String recorded,
      String replayed,
      String recordedState,
      String replayedState,
      String why) {
    /**
     * One line for people, e.g. "event 6: recorded SucceedStateEntered 'C', the new definition
     * gives FailStateEntered 'D'; Choice 'B' rule 1 `$.n > 10` no longer matches 5".
     */
    public String describe() {
      String line =
          field == null
              ? "event "
                  + eventId
                  + ": recorded "
                  + orNone(recordedType, recordedState)
                  + ", the new definition gives "
                  + orNone(replayedType, replayedState)
              : "event "
                  + eventId
                  + " ("
                  + named(recordedType, recordedState)
                  + "): "
                  + field
                  + " was "
                  + recorded
                  + ", the new definition gives "
                  + replayed;
      return why == null ? line : line + "; " + why;
    }

    private static String orNone(String type, String state) {
      return type == null ? "no event (history ended)" : named(type, state);
    }

    private static String named(String type, String state) {
      return state == null ? type : type + " '" + state + "'";
    }
  }

  /** The outcome: {@code divergence} is null when the runs agree event for event. */
  public record Report(int recordedEvents, int replayedEvents, Divergence divergence) {
    public boolean agrees() {
      return divergence == null;
    }
  }

  /** Replays the export through {@code definition} with the standard ports. */
  public static Report run(ExecutionExport export, StateMachineDefinition definition) {
    return run(export, definition, Ports.STANDARD);
  }

  /** Replays the export through {@code definition}, evaluating within the ports' budget. */
  public static Report run(ExecutionExport export, StateMachineDefinition definition, Ports ports) {
    // Every history but a distributed Map's without task starts replays in its recorded order.
    if (RecordedRun.suits(export, definition)) return RecordedRun.replay(export, definition, ports);
    ArrayNode replayed = replayedEvents(export, definition, ports);
    return compare(export, definition, replayed);
  }

  static ArrayNode replayedEvents(
      ExecutionExport export, StateMachineDefinition definition, Ports ports) {
    ExecutionSnapshot snapshot =
        InMemoryRunner.localExecution(
            export.stateMachineName(),
            export.executionName(),
            export.input(),
            startTime(export),
            export.randomSeed());
    List<HistoryEvent> events;
    try {
      events =
          new InMemoryRunner(definition, new RecordedOutcomes(export.events()), true)
              .withPorts(ports)
              .run(snapshot)
              .events();
    } catch (MockedTasks.MissingMockException | IllegalStateException e) {
      events = List.of();
    }
    ArrayNode out = Json.NODES.arrayNode();
    for (HistoryEvent e : events) out.add(AwsHistoryFormat.toJson(e, true));
    return out;
  }

  static Instant startTime(ExecutionExport export) {
    JsonNode first = export.events().path(0).path("timestamp");
    return first.isNumber()
        ? Instant.ofEpochMilli(first.decimalValue().movePointRight(3).longValue())
        : Instant.EPOCH;
  }

  /** Compares the export's history with the replayed one, event by event. */
  static Report compare(
      ExecutionExport export, StateMachineDefinition definition, ArrayNode replayed) {
    ArrayNode recorded = export.events();
    int n = Math.max(recorded.size(), replayed.size());
    for (int i = 0; i < n; i++) {
      JsonNode a = recorded.get(i);
      JsonNode b = replayed.get(i);
      String typeA = a == null ? null : a.path("type").asText();
      String typeB = b == null ? null : b.path("type").asText();
      if (typeA == null || !typeA.equals(typeB)) {
        return parted(export, definition, replayed, i, null, null, null);
      }
      JsonNode da = details(a);
      JsonNode db = details(b);
      for (String field : COMPARED) {
        JsonNode va = value(da.get(field));
        JsonNode vb = value(db.get(field));
        if (va == null && vb == null) continue;
        if (va == null || !va.equals(vb)) {
          return parted(export, definition, replayed, i, field, show(va), show(vb));
        }
      }
    }
    return new Report(recorded.size(), replayed.size(), null);
  }

  /** The report of histories that part at index {@code i}, naming the states and the reason. */
  private static Report parted(
      ExecutionExport export,
      StateMachineDefinition definition,
      ArrayNode replayed,
      int i,
      String field,
      String was,
      String gives) {
    List<JsonNode> recordedEvents = new ArrayList<>();
    export.events().forEach(recordedEvents::add);
    List<JsonNode> replayedEvents = new ArrayList<>();
    replayed.forEach(replayedEvents::add);
    List<String> recordedStates = EventStates.of(recordedEvents);
    List<String> replayedStates = EventStates.of(replayedEvents);
    JsonNode a = export.events().get(i);
    JsonNode b = replayed.get(i);
    return new Report(
        recordedEvents.size(),
        replayedEvents.size(),
        new Divergence(
            i + 1,
            a == null ? null : a.path("type").asText(),
            b == null ? null : b.path("type").asText(),
            field,
            was,
            gives,
            i < recordedStates.size() ? recordedStates.get(i) : null,
            i < replayedStates.size() ? replayedStates.get(i) : null,
            ChoiceChange.why(export, definition, recordedEvents, recordedStates, i)));
  }

  private static JsonNode details(JsonNode event) {
    var it = event.fields();
    while (it.hasNext()) {
      var f = it.next();
      if (f.getKey().endsWith("EventDetails")) return f.getValue();
    }
    return Json.object();
  }

  /** Payloads are JSON text in AWS's shape: compare them as JSON values. */
  private static JsonNode value(JsonNode v) {
    if (v == null || v.isNull()) return null;
    if (v.isTextual()) {
      try {
        return Json.parse(v.textValue());
      } catch (Exception e) {
        return v;
      }
    }
    return v;
  }

  private static String show(JsonNode v) {
    return v == null ? "(none)" : Json.write(v);
  }
}
