package io.stepwise.engine.dataflow.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.json.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Checks the type of an evaluated argument and converts it, or fails the call. */
final class Arguments {
  private static final BigDecimal HALF = new BigDecimal("0.5");
  private static final BigDecimal MIN_INT = BigDecimal.valueOf(Integer.MIN_VALUE);
  private static final BigDecimal MAX_INT = BigDecimal.valueOf(Integer.MAX_VALUE);

  private Arguments() {}

  static JsonNode array(IntrinsicFunction function, int position, JsonNode value) {
    if (!value.isArray()) throw wrongType(function, position, "an array", value);
    return value;
  }

  static JsonNode object(IntrinsicFunction function, int position, JsonNode value) {
    if (!value.isObject()) throw wrongType(function, position, "an object", value);
    return value;
  }

  static String string(IntrinsicFunction function, int position, JsonNode value) {
    if (!value.isTextual()) throw wrongType(function, position, "a string", value);
    return value.textValue();
  }

  static boolean bool(IntrinsicFunction function, int position, JsonNode value) {
    if (!value.isBoolean()) throw wrongType(function, position, "a boolean", value);
    return value.booleanValue();
  }

  /**
   * A number rounded to the nearest integer, halves towards positive infinity as Java's {@code
   * Math.round} does: AWS documents that MathAdd rounds, and its results show the direction, e.g.
   * -2.5 gives -2 (intrinsics/math_add_19) and 2.5 gives 3 (intrinsics/math_add_14).
   */
  static int roundedInt(IntrinsicFunction function, int position, JsonNode value) {
    if (!value.isNumber()) throw wrongType(function, position, "an integer", value);
    BigDecimal rounded = value.decimalValue().add(HALF).setScale(0, RoundingMode.FLOOR);
    return inIntRange(function, position, rounded);
  }

  /** A number without a fractional part (1 and 1.0 both qualify). */
  static int exactInt(IntrinsicFunction function, int position, JsonNode value) {
    if (!value.isNumber()) throw wrongType(function, position, "an integer", value);
    BigDecimal decimal = value.decimalValue();
    if (decimal.signum() != 0 && decimal.stripTrailingZeros().scale() > 0) {
      throw IntrinsicFailure.invalidArguments(
          function, "argument " + position + " must be an integer but was " + Json.write(value));
    }
    return inIntRange(function, position, decimal);
  }

  private static int inIntRange(IntrinsicFunction function, int position, BigDecimal value) {
    if (value.compareTo(MIN_INT) < 0 || value.compareTo(MAX_INT) > 0) {
      throw IntrinsicFailure.invalidArguments(
          function,
          "argument "
              + position
              + " must be an integer between "
              + Integer.MIN_VALUE
              + " and "
              + Integer.MAX_VALUE
              + " but was "
              + value.toPlainString());
    }
    return value.intValue();
  }

  static RuntimeException wrongType(
      IntrinsicFunction function, int position, String expected, JsonNode value) {
    return IntrinsicFailure.invalidArguments(
        function,
        "argument "
            + position
            + " must be "
            + expected
            + " but was "
            + withArticle(Json.typeName(value)));
  }

  private static String withArticle(String typeName) {
    return switch (typeName) {
      case "array", "object", "undefined" -> "an " + typeName;
      case "null" -> "null";
      default -> "a " + typeName;
    };
  }
}
