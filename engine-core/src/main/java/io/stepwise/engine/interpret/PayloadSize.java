package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.service.AwsLimits;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Measures payloads against AWS's 256 KiB limit without writing them out: the UTF-8 length of a
 * value's JSON text, computed from the tree. Values are never mutated once made, so the size of
 * each object and array is remembered by identity for the rest of the step; a state that adds one
 * field to a large document costs the size of that field, not of the document.
 */
final class PayloadSize {
  static final int LIMIT = AwsLimits.PAYLOAD_BYTES;

  private final IdentityHashMap<JsonNode, Long> known = new IdentityHashMap<>();

  boolean exceedsLimit(JsonNode node) {
    return sizeOf(node) > LIMIT;
  }

  /**
   * The size of {@code object} with {@code key} set to {@code value}, remembered for {@code
   * result}.
   */
  void derive(JsonNode object, String key, JsonNode value, JsonNode result) {
    if (!object.isObject() || !result.isObject()) return;
    JsonNode old = object.get(key);
    long size =
        old == null
            ? sizeOf(object) + textSize(key) + 1 + sizeOf(value) + (object.isEmpty() ? 0 : 1)
            : sizeOf(object) - sizeOf(old) + sizeOf(value);
    known.put(result, size);
  }

  long sizeOf(JsonNode node) {
    if (!node.isContainerNode()) return scalarSize(node);
    Long cached = known.get(node);
    if (cached != null) return cached;
    long total = 2;
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      int n = 0;
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        total += textSize(e.getKey()) + 1 + sizeOf(e.getValue()) + (n++ > 0 ? 1 : 0);
      }
    } else {
      for (int i = 0; i < node.size(); i++) total += sizeOf(node.get(i)) + (i > 0 ? 1 : 0);
    }
    known.put(node, total);
    return total;
  }

  private static long scalarSize(JsonNode node) {
    return switch (node.getNodeType()) {
      case STRING -> textSize(node.textValue());
      case NULL -> 4;
      case BOOLEAN -> node.booleanValue() ? 4 : 5;
      default -> node.asText().length();
    };
  }

  /** Quoted, escaped UTF-8 length of a string. */
  static long textSize(String s) {
    long n = 2;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20) n += c == '\n' || c == '\t' || c == '\r' || c == '\b' || c == '\f' ? 2 : 6;
      else if (c == '"' || c == '\\') n += 2;
      else if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (Character.isSurrogate(c)) n += 2;
      else n += 3;
    }
    return n;
  }
}
