package io.stepwise.engine.dataflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.dataflow.intrinsic.IntrinsicContext;
import io.stepwise.engine.dataflow.path.JsonPath;
import io.stepwise.engine.dataflow.path.PathNotFoundException;
import io.stepwise.engine.error.StateEvaluationException;
import io.stepwise.engine.json.Json;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * What a state's fields are evaluated against: the data ({@code $}), the context object ({@code
 * $$}, built only when a path asks for it) and the execution's randomness.
 */
public final class DataScope {
  private final JsonNode input;
  private final Supplier<JsonNode> contextSupplier;
  private final RandomGenerator random;
  private JsonNode context;

  public DataScope(JsonNode input, Supplier<JsonNode> context, RandomGenerator random) {
    this.input = input;
    this.contextSupplier = context;
    this.random = random;
  }

  /** The same context and randomness over other data. */
  public DataScope withInput(JsonNode other) {
    DataScope scope = new DataScope(other, contextSupplier, random);
    scope.context = context;
    return scope;
  }

  public JsonNode input() {
    return input;
  }

  public JsonNode context() {
    if (context == null) context = contextSupplier.get();
    return context;
  }

  public RandomGenerator random() {
    return random;
  }

  /**
   * The value of a path inside a template or expression field; AWS's States.Runtime message when
   * it finds nothing (paths/invalid_jsonpath_invalid_jsonpath_in_string_expr_jsonpath).
   */
  public JsonNode resolve(JsonPath path, String field) {
    try {
      return path.read(path.isContextPath() ? context() : input);
    } catch (PathNotFoundException e) {
      throw StateEvaluationException.runtime(
          "The JSONPath '"
              + path.text()
              + "' specified for the field '"
              + field
              + "' could not be found in the input '"
              + Json.write(input)
              + "'");
    }
  }

  /** Adapts this scope for an intrinsic call in the named field. */
  public IntrinsicContext forIntrinsic(String field) {
    return new IntrinsicContext() {
      @Override
      public JsonNode resolve(JsonPath path) {
        return DataScope.this.resolve(path, field);
      }

      @Override
      public RandomGenerator random() {
        return random;
      }
    };
  }
}
