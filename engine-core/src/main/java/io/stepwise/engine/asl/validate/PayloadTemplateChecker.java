package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Checks the payload templates of JSONPath states ({@code Parameters}, {@code ResultSelector},
 * {@code ItemSelector}, {@code Assign}): a key ending in {@code .$} must hold a path or an
 * intrinsic function call.
 */
final class PayloadTemplateChecker {
  private PayloadTemplateChecker() {}

  /**
   * Checks one template. AWS reports a bad {@code .$} value at the object holding the key, e.g.
   * {@code /States/IntrinsicEscape/Parameters} (validation/illegal_escapes_*).
   */
  static void check(JsonNode template, String pointer, Findings findings) {
    if (template == null) {
      return;
    }
    if (template.isObject()) {
      for (Map.Entry<String, JsonNode> e : template.properties()) {
        String key = e.getKey();
        JsonNode value = e.getValue();
        if (key.endsWith(".$")) {
          if (!value.isTextual() || !PathText.isPathOrIntrinsic(value.asText())) {
            findings.schema(
                pointer,
                "The value for the field '"
                    + key
                    + "' must be a valid JSONPath or a valid intrinsic function call");
          }
        } else {
          check(value, pointer + "/" + key, findings);
        }
      }
    } else if (template.isArray()) {
      for (int i = 0; i < template.size(); i++) {
        check(template.get(i), pointer + "[" + i + "]", findings);
      }
    }
  }
}
