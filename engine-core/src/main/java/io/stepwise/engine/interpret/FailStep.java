package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.dataflow.DataScope;
import io.stepwise.engine.dataflow.ValueExpression;
import io.stepwise.engine.dataflow.path.PathNotFoundException;
import io.stepwise.engine.error.StateEvaluationException;
import io.stepwise.engine.json.Json;

/** A Fail state's Error and Cause, given literally, by path or by intrinsic call. */
final class FailStep {
  private FailStep() {}

  static String text(ValueExpression expression, DataScope scope) {
    if (expression == null) return null;
    JsonNode value =
        switch (expression) {
          case ValueExpression.Literal l -> l.value();
          case ValueExpression.PathRef p -> read(p, scope);
          case ValueExpression.Intrinsic i -> i.call().evaluate(scope.forIntrinsic(i.field()));
          case ValueExpression.Jsonata j -> j.expression().evaluate(scope, j.field());
        };
    return value.isTextual() ? value.textValue() : Json.write(value);
  }

  private static JsonNode read(ValueExpression.PathRef p, DataScope scope) {
    try {
      return p.path().read(scope.rootFor(p.path(), scope.input()));
    } catch (PathNotFoundException e) {
      // AWS: paths/invalid_jsonpath_invalid_jsonpath_in_errorpath
      throw StateEvaluationException.runtime(
          "The JSONPath '"
              + p.path().text()
              + "' specified for the field '"
              + p.field()
              + "' could not be found in the input '"
              + Json.write(scope.input())
              + "'");
    }
  }
}
