package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Checks on single fields (types, integer ranges, paths), each reporting at {@code pointer/field}.
 * Every method ignores an absent field.
 */
final class FieldRules {
  /** The largest number of seconds, attempts or items AWS accepts. */
  static final long MAX_INT = 99_999_999L;

  private FieldRules() {}

  /** The field names of an object, in document order. */
  static List<String> names(JsonNode node) {
    return node.properties().stream().map(Map.Entry::getKey).toList();
  }

  static String at(String pointer, String field) {
    return pointer + "/" + field;
  }

  static void string(JsonNode node, String pointer, String field, Findings findings) {
    JsonNode value = node.get(field);
    if (value != null && !value.isTextual()) {
      findings.schema(
          at(pointer, field), "The value for the field '" + field + "' must be a STRING");
    }
  }

  static void bool(JsonNode node, String pointer, String field, Findings findings) {
    JsonNode value = node.get(field);
    if (value != null && !value.isBoolean()) {
      findings.schema(
          at(pointer, field), "The value for the field '" + field + "' must be a BOOLEAN");
    }
  }

  static void object(JsonNode node, String pointer, String field, Findings findings) {
    JsonNode value = node.get(field);
    if (value != null && !value.isObject()) {
      findings.schema(
          at(pointer, field), "The value for the field '" + field + "' must be an OBJECT");
    }
  }

  /** An integer in [min, {@link #MAX_INT}]; in a JSONata state also a JSONata string. */
  static void integer(
      JsonNode node, String pointer, String field, long min, boolean jsonata, Findings findings) {
    JsonNode value = node.get(field);
    if (value == null || (jsonata && Jsonata.isExpression(value))) {
      return;
    }
    if (!isIntegral(value) || value.asLong() < min || value.asLong() > MAX_INT) {
      String kind = min > 0 ? "a positive integer" : "a non-negative integer";
      findings.schema(
          at(pointer, field), "The value for the field '" + field + "' must be " + kind);
    }
  }

  /** A number in [min, max]; in a JSONata state also a JSONata string. */
  static void number(
      JsonNode node,
      String pointer,
      String field,
      double min,
      double max,
      boolean jsonata,
      Findings findings) {
    JsonNode value = node.get(field);
    if (value == null || (jsonata && Jsonata.isExpression(value))) {
      return;
    }
    if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
      findings.schema(
          at(pointer, field),
          "The value for the field '"
              + field
              + "' must be a number between "
              + min
              + " and "
              + max);
    }
  }

  /** A JSONPath or variable reference (JSONPath states); JSON null where {@code nullable}. */
  static void path(
      JsonNode node, String pointer, String field, boolean nullable, Findings findings) {
    JsonNode value = node.get(field);
    if (value == null || (nullable && value.isNull())) {
      return;
    }
    if (!value.isTextual() || !PathText.isPath(value.asText())) {
      findings.schema(
          at(pointer, field), "The value for the field '" + field + "' must be a valid JSONPath");
    }
  }

  /**
   * ResultPath: a path into the state's input. It places the result relative to the raw input (AWS:
   * "ResultPath is limited to using reference paths"), so it cannot write into the context object,
   * which is read-only.
   */
  static void resultPath(JsonNode node, String pointer, Findings findings) {
    path(node, pointer, "ResultPath", true, findings);
    JsonNode value = node.get("ResultPath");
    if (value != null && value.isTextual() && value.asText().startsWith("$$")) {
      findings.schema(
          at(pointer, "ResultPath"),
          "The value for the field 'ResultPath' must be a reference path into the state's input:"
              + " the context object ($$) cannot be written");
    }
  }

  /** The longest variable name AWS allows (workflow variables: "Variable name syntax"). */
  static final int MAX_VARIABLE_NAME = 80;

  /**
   * The names an Assign gives its variables (keys, without a {@code .$} suffix): a Unicode
   * identifier (AWS: Unicode Standard Annex #31, ID_Start then ID_Continue; a leading underscore is
   * accepted, as in JavaScript), at most 80 characters, and not {@code states}, the reserved
   * variable that holds {@code $states.input}, {@code .result}, {@code .context}.
   */
  static void variableNames(JsonNode assign, String at, Findings findings) {
    for (String key : names(assign)) {
      String name = key.endsWith(".$") ? key.substring(0, key.length() - 2) : key;
      if (name.equals("states")) {
        findings.schema(
            at, "The variable name 'states' is reserved: $states is Step Functions' own variable");
      } else if (!isVariableName(name)) {
        findings.schema(at, "The variable name '" + name + "' is not valid");
      }
    }
  }

  private static boolean isVariableName(String name) {
    if (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_VARIABLE_NAME) return false;
    int first = name.codePointAt(0);
    if (first != '_' && !Character.isUnicodeIdentifierStart(first)) return false;
    return name.codePoints()
        .skip(1)
        .allMatch(c -> Character.isUnicodeIdentifierPart(c) && !Character.isIdentifierIgnorable(c));
  }

  /** A JSONPath, variable reference or intrinsic call (ErrorPath, CausePath). */
  static void pathOrIntrinsic(JsonNode node, String pointer, String field, Findings findings) {
    JsonNode value = node.get(field);
    if (value != null && (!value.isTextual() || !PathText.isPathOrIntrinsic(value.asText()))) {
      findings.schema(
          at(pointer, field),
          "The value for the field '"
              + field
              + "' must be a valid JSONPath or a valid intrinsic function call");
    }
  }

  /** At most one of two alternative fields, e.g. TimeoutSeconds and TimeoutSecondsPath. */
  static void exclusive(JsonNode node, String pointer, String a, String b, Findings findings) {
    if (node.has(a) && node.has(b)) {
      findings.schema(pointer, "Only one of '" + a + "' or '" + b + "' may be set");
    }
  }

  static boolean isIntegral(JsonNode value) {
    if (value.isIntegralNumber()) {
      return true;
    }
    if (value.isNumber()) {
      BigDecimal d = value.decimalValue();
      return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
    }
    return false;
  }
}
