package io.stepwise.web.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.asl.ChoiceState;
import io.stepwise.engine.asl.Recoverable;
import io.stepwise.engine.asl.State;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.ChoiceExplainer;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.Frame;
import io.stepwise.engine.interpret.RetryExplainer;
import io.stepwise.engine.json.Json;
import io.stepwise.web.graph.StateIndex;
import io.stepwise.web.page.PrettyJson;
import io.stepwise.web.timetravel.Moments;
import io.stepwise.web.timetravel.Recording;
import io.stepwise.web.timetravel.Recordings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Explains state entries: Choice rules through {@link ChoiceExplainer} on the input recorded in the
 * ChoiceStateEntered event and the variables time travel rebuilds at that event; Retry attempts
 * through {@link RetryExplainer}; data-flow failures from the cause AWS writes.
 */
@ApplicationScoped
public class Whys {
  private final Recordings recordings;

  public Whys(Recordings recordings) {
    this.recordings = recordings;
  }

  /** The answer for the state entry that began with event {@code enteredEventId}. */
  public Why explain(String executionArn, long enteredEventId) {
    Recording recording = recordings.of(executionArn);
    if (enteredEventId < 1 || enteredEventId > recording.lastEventId()) {
      throw new NotFoundException("No event " + enteredEventId);
    }
    HistoryEvent entered = recording.events().get((int) enteredEventId - 1);
    if (!entered.type().awsName().endsWith("StateEntered")) {
      throw new NotFoundException("Event " + enteredEventId + " does not enter a state");
    }
    String name = entered.details().path("name").asText();
    JsonNode input = entered.details().get("input");
    State state = new StateIndex(recording.definition().graph()).state(name);
    if (state == null) {
      return empty(name, "", enteredEventId, "The current definition has no state " + name + ".");
    }
    List<RuleRow> rules = List.of();
    String chosen = null;
    boolean defaultTaken = false;
    String variables = "";
    String note = "";
    if (state instanceof ChoiceState choice) {
      ObjectNode seen = Json.object();
      try {
        ExecutionSnapshot snapshot = Moments.snapshot(recording, enteredEventId);
        Frame frame = frameEntered(snapshot.root(), enteredEventId);
        if (frame != null && frame.variables() != null) seen = frame.variables();
        ChoiceExplainer.Explanation e =
            ChoiceExplainer.explain(choice, input, seen, context(recording, name, entered));
        rules = RuleRow.of(e);
        chosen =
            e.chosenNext() == null
                ? "(no rule matched and no Default: States.NoChoiceMatched)"
                : e.chosenNext();
        defaultTaken = e.defaultTaken();
        variables = seen.isEmpty() ? "" : PrettyJson.of(seen);
      } catch (RuntimeException ex) {
        note = "The rules cannot be evaluated again: " + ex.getMessage();
      }
    }
    List<RetryExplainer.Attempt> attempts =
        state instanceof Recoverable r && !r.retry().isEmpty()
            ? RetryExplainer.explain(r, recording.events(), enteredEventId)
            : List.of();
    return new Why(
        name,
        state.typeName(),
        enteredEventId,
        rules,
        chosen,
        defaultTaken,
        PrettyJson.of(input),
        variables,
        attempts,
        dataFlowFailure(recording, name, enteredEventId, input),
        note);
  }

  private static Why empty(String name, String type, long id, String note) {
    return new Why(name, type, id, List.of(), null, false, "", "", List.of(), null, note);
  }

  /**
   * The frame whose current state was entered by that event. Time travel halts inside the step that
   * wrote the event, before the frame records it as its entry, so its last event is the mark.
   */
  private static Frame frameEntered(Frame frame, long eventId) {
    if (frame == null) return null;
    if (frame.lastEventId() == eventId || frame.enteredEventId() == eventId) return frame;
    if (frame.children() != null) {
      for (Frame child : frame.children()) {
        Frame found = frameEntered(child, eventId);
        if (found != null) return found;
      }
    }
    return null;
  }

  /** The context object ($$) as the state saw it, for rules that read it. */
  private static JsonNode context(Recording recording, String stateName, HistoryEvent entered) {
    ObjectNode ctx = Json.object();
    var summary = recording.detail().summary();
    ObjectNode execution = ctx.putObject("Execution");
    execution.put("Id", summary.executionArn());
    execution.set("Input", recording.export().input());
    execution.put("StartTime", iso(summary.startDate()));
    execution.put("Name", summary.name());
    execution.put("RedriveCount", recording.detail().redriveCount());
    ObjectNode machine = ctx.putObject("StateMachine");
    machine.put("Id", summary.stateMachineArn());
    machine.put("Name", summary.stateMachineName());
    ObjectNode state = ctx.putObject("State");
    state.put("Name", stateName);
    state.put("EnteredTime", iso(entered.timestamp()));
    return ctx;
  }

  private static String iso(Instant t) {
    return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
  }

  /**
   * The data-flow failure of this entry: a failure event whose cause names it ("… the state 'X'
   * (entered at the event id #N) …", the prefix AWS writes for a state's own evaluation errors).
   */
  private static DataFlowFailure dataFlowFailure(
      Recording recording, String name, long enteredEventId, JsonNode input) {
    String marker = "(entered at the event id #" + enteredEventId + ")";
    JsonNode result = null;
    for (HistoryEvent e :
        recording.events().subList((int) enteredEventId, recording.events().size())) {
      JsonNode details = e.details();
      if (details == null) continue;
      String type = e.type().awsName();
      if (type.endsWith("Succeeded") && details.has("output") && result == null) {
        result = details.get("output");
      }
      String cause = details.path("cause").asText(null);
      if (cause != null && cause.contains(marker)) {
        return DataFlowFailure.parse(
            cause, stateJson(recording.export().definition(), name), input, result);
      }
    }
    return null;
  }

  /** The state's own JSON in the definition, at any depth. */
  static JsonNode stateJson(JsonNode graph, String name) {
    if (graph == null) return null;
    JsonNode states = graph.get("States");
    if (states != null && states.has(name)) return states.get(name);
    if (states == null) return null;
    for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
      JsonNode s = it.next().getValue();
      for (JsonNode branch : s.path("Branches")) {
        JsonNode found = stateJson(branch, name);
        if (found != null) return found;
      }
      for (String processor : List.of("ItemProcessor", "Iterator")) {
        JsonNode found = stateJson(s.get(processor), name);
        if (found != null) return found;
      }
    }
    return null;
  }
}
