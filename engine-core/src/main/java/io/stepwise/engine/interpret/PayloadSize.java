package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Measures a payload against AWS's 256 KiB limit without writing it out: walks the tree adding the
 * UTF-8 length of its JSON text and stops as soon as the limit is passed.
 */
final class PayloadSize {
  /** AWS's limit for state input and output, in bytes (errors/start_large_input). */
  static final int LIMIT = 262_144;

  private PayloadSize() {}

  static boolean exceedsLimit(JsonNode node) {
    return size(node, LIMIT) > LIMIT;
  }

  /** JSON text size in bytes, or some value above {@code budget} once it is exceeded. */
  static long size(JsonNode node, long budget) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        long total = 2;
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext() && total <= budget) {
          Map.Entry<String, JsonNode> e = it.next();
          total += textSize(e.getKey()) + 2 + size(e.getValue(), budget - total);
        }
        return total;
      }
      case ARRAY -> {
        long total = 2;
        for (int i = 0; i < node.size() && total <= budget; i++) {
          total += 1 + size(node.get(i), budget - total);
        }
        return total;
      }
      case STRING -> {
        return textSize(node.textValue());
      }
      case NULL -> {
        return 4;
      }
      case BOOLEAN -> {
        return node.booleanValue() ? 4 : 5;
      }
      default -> {
        return node.asText().length();
      }
    }
  }

  private static long textSize(String s) {
    long n = 2;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') n += 2;
      else if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (Character.isSurrogate(c)) n += 2;
      else n += 3;
    }
    return n;
  }
}
