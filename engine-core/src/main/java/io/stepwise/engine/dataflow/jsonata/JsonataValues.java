package io.stepwise.engine.dataflow.jsonata;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between Jackson trees and the plain {@code Map}/{@code List}/{@code Number} values the
 * JSONata library works on. JSON null is the library's {@link Jsonata#NULL_VALUE}; Java null is
 * JSONata's "undefined".
 */
final class JsonataValues {
  /** Doubles up to 2^53 are exact integers, so AWS prints them without a fraction. */
  private static final double EXACT_INTEGER_LIMIT = 9007199254740992d;

  private JsonataValues() {}

  static Object toJava(JsonNode node) {
    if (node == null || node.isMissingNode()) return null;
    switch (node.getNodeType()) {
      case OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          map.put(e.getKey(), toJava(e.getValue()));
        }
        return map;
      }
      case ARRAY -> {
        List<Object> list = new ArrayList<>(node.size());
        for (JsonNode child : node) list.add(toJava(child));
        return list;
      }
      case STRING -> {
        return node.textValue();
      }
      case BOOLEAN -> {
        return node.booleanValue();
      }
      case NUMBER -> {
        if (node.isInt()) return node.intValue();
        if (node.isLong()) return node.longValue();
        return node.doubleValue();
      }
      default -> {
        return Jsonata.NULL_VALUE;
      }
    }
  }

  /**
   * The JSON value of a result; null for Java null, which the library uses for JSON null inside
   * results. Throws {@link UnsupportedResult} for a function or another value JSON cannot hold
   * (map/map_state_items_eval_jsonata_fail_function).
   */
  static JsonNode toJson(Object value) {
    if (value == null) return null;
    if (value == Jsonata.NULL_VALUE) return Json.NODES.nullNode();
    if (value instanceof String s) return Json.NODES.textNode(s);
    if (value instanceof Boolean b) return Json.NODES.booleanNode(b);
    if (value instanceof Number n) return number(n);
    if (value instanceof Map<?, ?> map) {
      ObjectNode out = Json.object();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        JsonNode v = toJson(e.getValue());
        out.set(String.valueOf(e.getKey()), v == null ? Json.NODES.nullNode() : v);
      }
      return out;
    }
    if (value instanceof List<?> list) {
      ArrayNode out = Json.NODES.arrayNode(list.size());
      for (Object item : list) {
        JsonNode v = toJson(item);
        out.add(v == null ? Json.NODES.nullNode() : v);
      }
      return out;
    }
    throw new UnsupportedResult();
  }

  private static JsonNode number(Number n) {
    if (n instanceof Integer i) return Json.NODES.numberNode(i);
    if (n instanceof Long l) return Json.NODES.numberNode(l);
    if (n instanceof BigInteger b) return Json.NODES.numberNode(b);
    if (n instanceof BigDecimal b) return Json.NODES.numberNode(b);
    double d = n.doubleValue();
    if (d == Math.rint(d) && Math.abs(d) < EXACT_INTEGER_LIMIT) {
      // JSONata numbers are doubles; AWS prints integral ones as integers (-0 as 0:
      // jsonata/parse_0).
      return Json.NODES.numberNode((long) d);
    }
    return Json.NODES.numberNode(d);
  }

  /** A result JSON cannot represent, such as a function. */
  static final class UnsupportedResult extends RuntimeException {
    UnsupportedResult() {
      super(null, null, false, false);
    }
  }
}
