package io.stepwise.engine.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.asl.ChoiceState;
import io.stepwise.engine.asl.MapState;
import io.stepwise.engine.asl.ParallelState;
import io.stepwise.engine.asl.State;
import io.stepwise.engine.asl.StateGraph;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.interpret.ChoiceExplainer;
import io.stepwise.engine.interpret.ChoiceExplainer.BranchResult;
import io.stepwise.engine.interpret.ChoiceExplainer.Explanation;
import io.stepwise.engine.interpret.ChoiceExplainer.RuleResult;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.Frame;
import io.stepwise.engine.json.Json;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Why a replay parts from its recording right after a Choice state: the recorded definition's rules
 * and the replayed one's, evaluated on the Choice's recorded input, e.g. "Choice 'B' rule 1 `$.n >
 * 10` no longer matches 5".
 */
final class ChoiceChange {
  private ChoiceChange() {}

  /**
   * The reason, or null when the runs part elsewhere than after a Choice or the Choice cannot be
   * evaluated again (a definition that no longer parses, a state that no longer exists).
   */
  static String why(
      ExecutionExport export,
      StateMachineDefinition replayed,
      List<JsonNode> recorded,
      List<String> states,
      int index) {
    if (index == 0 || index > recorded.size()) return null;
    JsonNode before = recorded.get(index - 1);
    if (!"ChoiceStateExited".equals(before.path("type").asText())) return null;
    String name = states.get(index - 1);
    JsonNode entered = null;
    for (int i = index - 2; i >= 0 && entered == null; i--) {
      JsonNode e = recorded.get(i);
      if ("ChoiceStateEntered".equals(e.path("type").asText()) && name.equals(states.get(i))) {
        entered = e;
      }
    }
    if (entered == null) return null;
    try {
      StateMachineDefinition original = DefinitionParser.parse(export.definition());
      if (!(find(original.graph(), name) instanceof ChoiceState was)
          || !(find(replayed.graph(), name) instanceof ChoiceState now)) {
        return null;
      }
      JsonNode input = Json.parse(EventStates.details(entered).path("input").asText());
      ObjectNode variables = variables(export, original, entered.path("id").asLong(), name);
      Explanation old = ChoiceExplainer.explain(was, input, variables, Json.object());
      Explanation neu = ChoiceExplainer.explain(now, input, variables, Json.object());
      return describe(name, old, neu);
    } catch (Exception e) {
      return null;
    }
  }

  private static String describe(String name, Explanation old, Explanation neu) {
    int matched = firstMatch(old);
    int matchesNow = firstMatch(neu);
    String choice = "Choice '" + name + "' ";
    if (matched >= 0 && matched < neu.branches().size() && matchesNow != matched) {
      RuleResult rule = neu.branches().get(matched).rule();
      if (!rule.matched()) {
        return choice
            + "rule "
            + (matched + 1)
            + " `"
            + render(rule)
            + "` no longer matches"
            + seen(rule);
      }
    }
    if (matchesNow >= 0 && (matched < 0 || matchesNow < matched)) {
      RuleResult rule = neu.branches().get(matchesNow).rule();
      return choice
          + "rule "
          + (matchesNow + 1)
          + " `"
          + render(rule)
          + "` now matches"
          + seen(rule);
    }
    if (matchesNow >= 0) {
      return choice + "rule " + (matchesNow + 1) + " now goes to '" + neu.chosenNext() + "'";
    }
    return choice + "now takes its Default, '" + neu.chosenNext() + "'";
  }

  private static int firstMatch(Explanation e) {
    for (BranchResult b : e.branches()) if (b.rule().matched()) return b.index();
    return -1;
  }

  /** A rule as a person reads it: {@code $.n > 10}, {@code $.a == "x" and not ...}. */
  static String render(RuleResult r) {
    return switch (r.kind()) {
      case "And", "Or" ->
          r.parts().stream()
              .map(ChoiceChange::render)
              .collect(Collectors.joining(" " + r.kind().toLowerCase() + " "));
      case "Not" -> "not (" + render(r.parts().getFirst()) + ")";
      case "Condition" -> r.right();
      default -> r.variable() + " " + symbol(r.operator()) + " " + r.right();
    };
  }

  private static String seen(RuleResult r) {
    return "Comparison".equals(r.kind()) ? " " + r.left() : "";
  }

  private static String symbol(String operator) {
    String base =
        operator.endsWith("Path") ? operator.substring(0, operator.length() - 4) : operator;
    if (base.endsWith("GreaterThanEquals")) return ">=";
    if (base.endsWith("LessThanEquals")) return "<=";
    if (base.endsWith("GreaterThan")) return ">";
    if (base.endsWith("LessThan")) return "<";
    if (base.endsWith("Equals")) return "==";
    return base;
  }

  /** The variables the Choice saw: its frame's, rebuilt right after its entry. */
  private static ObjectNode variables(
      ExecutionExport export, StateMachineDefinition original, long enteredId, String name) {
    ExecutionSnapshot moment = TimeTravel.at(export, original, enteredId);
    Frame frame = frameIn(moment.root(), name);
    return frame == null || frame.variables() == null ? Json.object() : frame.variables();
  }

  private static Frame frameIn(Frame frame, String state) {
    if (frame == null) return null;
    if (state.equals(frame.stateName()) && frame.children() == null) return frame;
    if (frame.children() != null) {
      for (Frame child : frame.children()) {
        Frame found = frameIn(child, state);
        if (found != null) return found;
      }
    }
    return null;
  }

  private static State find(StateGraph graph, String name) {
    if (graph == null) return null;
    State s = graph.states().get(name);
    if (s != null) return s;
    for (State each : graph.states().values()) {
      List<StateGraph> inner =
          switch (each) {
            case ParallelState p -> p.branches();
            case MapState m -> m.itemProcessor() == null ? List.of() : List.of(m.itemProcessor());
            default -> List.of();
          };
      for (StateGraph g : inner) {
        State found = find(g, name);
        if (found != null) return found;
      }
    }
    return null;
  }
}
