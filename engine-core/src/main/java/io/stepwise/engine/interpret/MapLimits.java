package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.MapState;
import io.stepwise.engine.dataflow.DataScope;
import io.stepwise.engine.dataflow.ValueExpression;
import io.stepwise.engine.error.StateEvaluationException;
import io.stepwise.engine.json.Json;

/** A Map's MaxConcurrency and failure tolerance, literal or by path, checked as AWS checks them. */
final class MapLimits {
  private MapLimits() {}

  /** 0 means no limit. */
  static int maxConcurrency(MapState s, DataScope scope) {
    JsonNode v = numeric(value(s.maxConcurrency(), scope));
    if (v == null) return 0;
    if (!isInteger(v)) throw notA(s.maxConcurrency(), v, "integer");
    return v.asInt();
  }

  /** -1 when not set. */
  static int toleratedFailureCount(MapState s, DataScope scope) {
    JsonNode v = numeric(value(s.toleratedFailureCount(), scope));
    if (v == null) return -1;
    if (!isInteger(v)) throw notA(s.toleratedFailureCount(), v, "integer");
    if (v.asLong() < 0) {
      // AWS: map/map_state_tolerated_failure_count_path_1
      throw StateEvaluationException.runtime("ToleratedFailureCount cannot be negative.");
    }
    return v.asInt();
  }

  /** -1 when not set. */
  static double toleratedFailurePercentage(MapState s, DataScope scope) {
    JsonNode v = numeric(value(s.toleratedFailurePercentage(), scope));
    if (v == null) return -1;
    if (!v.isNumber()) throw notA(s.toleratedFailurePercentage(), v, "float");
    double d = v.asDouble();
    if (d < 0 || d > 100) {
      throw StateEvaluationException.runtime(
          "ToleratedFailurePercentage must be between 0 and 100.");
    }
    return d;
  }

  /**
   * A string holding a number counts as that number
   * (variables/reference_in_map_state_map_state_reference_in_max_concurrency_path); other values
   * stay as they are, to be refused with their own text.
   */
  private static JsonNode numeric(JsonNode v) {
    if (v == null || !v.isTextual()) return v;
    try {
      return io.stepwise.engine.json.Json.NODES.numberNode(
          new java.math.BigDecimal(v.textValue().trim()));
    } catch (NumberFormatException e) {
      return v;
    }
  }

  private static boolean isInteger(JsonNode v) {
    return v.isIntegralNumber()
        || (v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0);
  }

  private static JsonNode value(ValueExpression e, DataScope scope) {
    if (e == null) return null;
    return switch (e) {
      case ValueExpression.Literal l -> l.value();
      case ValueExpression.PathRef p -> scope.resolve(p.path(), p.field());
      case ValueExpression.Intrinsic i -> i.call().evaluate(scope.forIntrinsic(i.field()));
      case ValueExpression.Jsonata j -> j.expression().evaluate(scope, j.field());
    };
  }

  /** AWS: map/max_concurrency_path_nonumber. */
  private static StateEvaluationException notA(ValueExpression e, JsonNode v, String kind) {
    String path = e instanceof ValueExpression.PathRef p ? p.path().text() : "";
    return StateEvaluationException.runtime(
        "The "
            + e.field()
            + " field refers to value \""
            + (v.isTextual() ? v.textValue() : Json.write(v))
            + "\" which is not a valid "
            + kind
            + ": "
            + path);
  }
}
