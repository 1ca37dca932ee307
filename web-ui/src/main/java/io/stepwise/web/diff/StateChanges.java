package io.stepwise.web.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.web.graph.StatePaint;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which states one definition adds, removes or changes against another, by state name (ASL's names
 * are unique in the whole machine). A Parallel or Map counts as changed by its own fields only: the
 * states of its branches or item processor are compared one by one.
 */
public final class StateChanges {
  /** How a state differs between the two definitions; its paint's glyph and words name it. */
  public enum Change {
    ADDED("st-added"),
    REMOVED("st-removed"),
    CHANGED("st-changed");

    private final StatePaint paint;

    Change(String css) {
      this.paint = new StatePaint(css, "");
    }

    public StatePaint paint() {
      return paint;
    }
  }

  private final Map<String, Change> byState;

  private StateChanges(Map<String, Change> byState) {
    this.byState = byState;
  }

  /** Compares the states of two parsed definitions. */
  public static StateChanges between(JsonNode from, JsonNode to) {
    Map<String, JsonNode> before = states(from);
    Map<String, JsonNode> after = states(to);
    Map<String, Change> changes = new LinkedHashMap<>();
    for (String name : new TreeSet<>(before.keySet())) {
      JsonNode now = after.get(name);
      if (now == null) changes.put(name, Change.REMOVED);
      else if (!now.equals(before.get(name))) changes.put(name, Change.CHANGED);
    }
    for (String name : new TreeSet<>(after.keySet())) {
      if (!before.containsKey(name)) changes.put(name, Change.ADDED);
    }
    return new StateChanges(changes);
  }

  /** Every changed state by name, removed and changed first, then added, each by name. */
  public Map<String, Change> all() {
    return byState;
  }

  /** The paints of the older definition's graph: its removed and changed states. */
  public Map<String, StatePaint> paintsBefore() {
    return paints(Change.REMOVED);
  }

  /** The paints of the newer definition's graph: its added and changed states. */
  public Map<String, StatePaint> paintsAfter() {
    return paints(Change.ADDED);
  }

  private Map<String, StatePaint> paints(Change ownSide) {
    Map<String, StatePaint> paints = new LinkedHashMap<>();
    byState.forEach(
        (name, change) -> {
          if (change == ownSide || change == Change.CHANGED) paints.put(name, change.paint());
        });
    return paints;
  }

  public boolean none() {
    return byState.isEmpty();
  }

  /** Every state of the definition by name, each without the states nested in it. */
  private static Map<String, JsonNode> states(JsonNode definition) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    collect(definition, out);
    return out;
  }

  private static void collect(JsonNode scope, Map<String, JsonNode> out) {
    JsonNode states = scope == null ? null : scope.get("States");
    if (states == null || !states.isObject()) return;
    states
        .properties()
        .forEach(
            e -> {
              JsonNode state = e.getValue();
              for (JsonNode inner : innerScopes(state)) collect(inner, out);
              out.put(e.getKey(), withoutInnerStates(state));
            });
  }

  private static Iterable<JsonNode> innerScopes(JsonNode state) {
    java.util.List<JsonNode> scopes = new java.util.ArrayList<>();
    state.path("Branches").forEach(scopes::add);
    if (state.has("ItemProcessor")) scopes.add(state.get("ItemProcessor"));
    if (state.has("Iterator")) scopes.add(state.get("Iterator"));
    return scopes;
  }

  private static JsonNode withoutInnerStates(JsonNode state) {
    if (!state.isObject()) return state;
    ObjectNode copy = ((ObjectNode) state).deepCopy();
    for (JsonNode inner : innerScopes(copy)) {
      if (inner.isObject()) ((ObjectNode) inner).remove("States");
    }
    return copy;
  }
}
