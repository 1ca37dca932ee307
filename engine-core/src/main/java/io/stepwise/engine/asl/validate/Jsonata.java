package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Recognises and checks the {@code {% ... %}} JSONata strings of JSONata states. */
final class Jsonata {
  private Jsonata() {}

  /** True when a string is meant as a JSONata expression (opens with the delimiter). */
  static boolean isExpression(JsonNode value) {
    return value != null && value.isTextual() && isExpression(value.asText());
  }

  static boolean isExpression(String text) {
    String t = text.strip();
    return t.startsWith("{%") && t.endsWith("%}") && t.length() >= 4;
  }

  /**
   * Checks every string inside a JSONata-state value: a string that opens {@code {%} must close
   * with {@code %}} and hold an expression.
   */
  static void checkStrings(JsonNode value, String pointer, String field, Findings findings) {
    if (value == null) {
      return;
    }
    if (value.isTextual()) {
      String t = value.asText().strip();
      if (t.startsWith("{%") && (!isExpression(t) || t.substring(2, t.length() - 2).isBlank())) {
        findings.schema(
            pointer, "The value for the field '" + field + "' must be a valid JSONata expression");
      }
    } else if (value.isObject()) {
      for (Map.Entry<String, JsonNode> e : value.properties()) {
        checkStrings(e.getValue(), pointer + "/" + e.getKey(), e.getKey(), findings);
      }
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        checkStrings(value.get(i), pointer + "[" + i + "]", field, findings);
      }
    }
  }
}
