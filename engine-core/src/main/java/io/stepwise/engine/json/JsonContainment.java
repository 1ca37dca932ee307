package io.stepwise.engine.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Whether one JSON value contains another, as PostgreSQL's {@code jsonb @>} reads it (its manual,
 * "jsonb Containment and Existence"): an object contains the members asked for (recursively, other
 * members do not matter), an array contains each element asked for somewhere (order and duplicates
 * do not matter), a scalar only an equal scalar (numbers by value), and an array at the top also
 * contains a bare scalar it holds. The in-memory services search with it as the server's SQL does.
 */
public final class JsonContainment {
  private JsonContainment() {}

  public static boolean contains(JsonNode value, JsonNode wanted) {
    if (value.isArray() && !wanted.isArray() && !wanted.isObject()) {
      for (JsonNode element : value) if (scalarEquals(element, wanted)) return true;
      return false;
    }
    return within(value, wanted);
  }

  private static boolean within(JsonNode value, JsonNode wanted) {
    if (wanted.isObject()) {
      if (!value.isObject()) return false;
      for (Iterator<Map.Entry<String, JsonNode>> it = wanted.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> member = it.next();
        JsonNode mine = value.get(member.getKey());
        if (mine == null || !within(mine, member.getValue())) return false;
      }
      return true;
    }
    if (wanted.isArray()) {
      if (!value.isArray()) return false;
      for (JsonNode w : wanted) {
        boolean found = false;
        for (JsonNode v : value) {
          if (within(v, w)) {
            found = true;
            break;
          }
        }
        if (!found) return false;
      }
      return true;
    }
    return scalarEquals(value, wanted);
  }

  private static boolean scalarEquals(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
    return !a.isContainerNode() && a.equals(b);
  }
}
