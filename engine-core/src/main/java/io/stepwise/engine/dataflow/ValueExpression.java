package io.stepwise.engine.dataflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.dataflow.intrinsic.IntrinsicCall;
import io.stepwise.engine.dataflow.jsonata.JsonataExpression;
import io.stepwise.engine.dataflow.path.JsonPath;

/**
 * A single-valued field that may be given literally, by path ({@code SecondsPath}, {@code
 * ErrorPath}), by intrinsic call, or (JSONata) by expression.
 */
public sealed interface ValueExpression {

  /** The field's name as AWS quotes it in messages (e.g. {@code SecondsPath}). */
  String field();

  record Literal(JsonNode value, String field) implements ValueExpression {}

  record PathRef(JsonPath path, String field) implements ValueExpression {}

  record Intrinsic(IntrinsicCall call, String field) implements ValueExpression {}

  record Jsonata(JsonataExpression expression, String field) implements ValueExpression {}
}
