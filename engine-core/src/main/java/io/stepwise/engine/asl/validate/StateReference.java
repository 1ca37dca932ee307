package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One reference to a state by name within a scope (the validator's view of the raw JSON; the parsed
 * model's is {@link io.stepwise.engine.asl.Transition}): StartAt, a state's Next, a Choice's
 * Default or rule Next, a Catcher's Next.
 *
 * @param field the field that names the target, as AWS quotes it in its message
 * @param target the state name
 * @param location where the field is
 */
record StateReference(String field, String target, String location) {

  /** Every transition written in a scope, in document order (StartAt first). */
  static List<StateReference> of(Scope scope) {
    List<StateReference> all = new ArrayList<>();
    add(all, "StartAt", scope.node(), scope.pointer());
    for (Map.Entry<String, JsonNode> e : scope.node().get("States").properties()) {
      JsonNode state = e.getValue();
      String pointer = scope.statePointer(e.getKey());
      add(all, "Next", state, pointer);
      add(all, "Default", state, pointer);
      addEach(all, state.get("Choices"), pointer + "/Choices");
      addEach(all, state.get("Catch"), pointer + "/Catch");
    }
    return all;
  }

  private static void addEach(List<StateReference> all, JsonNode list, String pointer) {
    if (list != null && list.isArray()) {
      for (int i = 0; i < list.size(); i++) {
        add(all, "Next", list.get(i), pointer + "[" + i + "]");
      }
    }
  }

  private static void add(List<StateReference> all, String field, JsonNode node, String pointer) {
    JsonNode value = node.get(field);
    if (value != null && value.isTextual()) {
      all.add(new StateReference(field, value.asText(), pointer + "/" + field));
    }
  }
}
