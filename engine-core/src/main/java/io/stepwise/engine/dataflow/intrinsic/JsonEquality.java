package io.stepwise.engine.dataflow.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.Map;

/**
 * Equality of JSON values for States.ArrayContains and States.ArrayUnique: structural, with numbers
 * equal by value (1, 1.0 and 1.00 are one number, though Jackson keeps them as different nodes).
 */
final class JsonEquality {
  /** Only asked for leaves by {@link JsonNode#equals(Comparator, JsonNode)}; 0 means equal. */
  private static final Comparator<JsonNode> LEAVES =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue());
        return a.equals(b) ? 0 : 1;
      };

  private JsonEquality() {}

  static boolean equal(JsonNode a, JsonNode b) {
    return a.equals(LEAVES, b);
  }

  /** A hash consistent with {@link #equal}. */
  static int hash(JsonNode node) {
    if (node.isNumber()) return node.decimalValue().stripTrailingZeros().hashCode();
    if (node.isArray()) {
      int h = 1;
      for (JsonNode element : node) h = 31 * h + hash(element);
      return h;
    }
    if (node.isObject()) {
      int h = 0; // order-independent, as object equality is
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        h += field.getKey().hashCode() ^ hash(field.getValue());
      }
      return h;
    }
    return node.hashCode();
  }

  /** A value usable as a hash key under this equality. */
  record Key(JsonNode node) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && equal(node, key.node);
    }

    @Override
    public int hashCode() {
      return hash(node);
    }
  }
}
