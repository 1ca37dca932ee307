package io.stepwise.engine.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An object node made by setting one field on another, sharing the other's fields (see {@link
 * LayeredMap}). It behaves as any {@link ObjectNode}: reads, iteration, equality and writing.
 */
public final class LayeredObjectNode extends ObjectNode {
  private static final long serialVersionUID = 1L;

  private LayeredObjectNode(Map<String, JsonNode> children) {
    super(Json.NODES, children);
  }

  /**
   * A copy of {@code object} with {@code field} set to {@code value}; {@code object} is unchanged.
   */
  public static ObjectNode with(ObjectNode object, String field, JsonNode value) {
    Map<String, JsonNode> base;
    if (object instanceof LayeredObjectNode layered) {
      base = layered._children;
    } else {
      base = new LinkedHashMap<>(object.size() * 4 / 3 + 2);
      for (Map.Entry<String, JsonNode> e : object.properties()) base.put(e.getKey(), e.getValue());
    }
    return new LayeredObjectNode(LayeredMap.with(base, field, value));
  }
}
