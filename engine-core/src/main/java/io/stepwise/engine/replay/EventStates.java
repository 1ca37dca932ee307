package io.stepwise.engine.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.history.HistoryBranches;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The state each event of a history (AWS's wire shape) belongs to: the state its branch is in when
 * it happens ({@link HistoryBranches}), a Map iteration's event its Map; null for the execution's
 * own events.
 */
final class EventStates {
  private EventStates() {}

  static List<String> of(List<JsonNode> events) {
    HistoryBranches branches = HistoryBranches.ofWire(events);
    Map<String, String> current = new HashMap<>();
    List<String> states = new ArrayList<>(events.size());
    for (JsonNode e : events) {
      String type = e.path("type").asText();
      String name = details(e).path("name").asText(null);
      String branch = branches.branchOf(e.path("id").asLong());
      if (type.endsWith("StateEntered")) current.put(branch, name);
      if (type.startsWith("Execution")) states.add(null);
      else if (name != null) states.add(name);
      else states.add(current.get(branch));
    }
    return states;
  }

  static JsonNode details(JsonNode event) {
    for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getKey().endsWith("EventDetails")) return f.getValue();
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
