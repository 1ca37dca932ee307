package io.stepwise.engine.dataflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.dataflow.intrinsic.IntrinsicContext;
import io.stepwise.engine.dataflow.path.JsonPath;
import io.stepwise.engine.dataflow.path.PathNotFoundException;
import io.stepwise.engine.error.StateEvaluationException;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.port.EvaluationBudget;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * What a state's fields are evaluated against: the data ({@code $}, or JSONata's {@code
 * $states.input}), the state's result and error output (JSONata's {@code $states.result} and {@code
 * $states.errorOutput}), the context object ({@code $$}, built only when asked for), the workflow
 * variables in scope, the step's time and the execution's randomness.
 */
public final class DataScope {
  private static final ObjectNode NO_VARIABLES = Json.object();

  private final JsonNode input;
  private final Supplier<JsonNode> contextSupplier;
  private final RandomGenerator random;
  private final ObjectNode variables;
  private final Instant now;
  private final EvaluationBudget budget;
  private JsonNode result;
  private JsonNode errorOutput;
  private JsonNode context;

  public DataScope(JsonNode input, Supplier<JsonNode> context, RandomGenerator random) {
    this(input, context, random, NO_VARIABLES, null);
  }

  /**
   * @param variables the workflow variables in scope (read only here)
   * @param now the step's time, for JSONata's {@code $now()} and {@code $millis()}; null for the
   *     library's own clock
   */
  public DataScope(
      JsonNode input,
      Supplier<JsonNode> context,
      RandomGenerator random,
      ObjectNode variables,
      Instant now) {
    this(input, context, random, variables, now, EvaluationBudget.DEFAULT);
  }

  /**
   * @param budget what each evaluation in this scope may spend (time, depth, size)
   */
  public DataScope(
      JsonNode input,
      Supplier<JsonNode> context,
      RandomGenerator random,
      ObjectNode variables,
      Instant now,
      EvaluationBudget budget) {
    this.input = input;
    this.contextSupplier = context;
    this.random = random;
    this.variables = variables == null ? NO_VARIABLES : variables;
    this.now = now;
    this.budget = budget;
  }

  /** The same context, variables and randomness over other data. */
  public DataScope withInput(JsonNode other) {
    DataScope scope = new DataScope(other, contextSupplier, random, variables, now, budget);
    scope.context = context;
    scope.result = result;
    scope.errorOutput = errorOutput;
    return scope;
  }

  /** The same scope with {@code $states.result} set. */
  public DataScope withResult(JsonNode value) {
    DataScope scope = withInput(input);
    scope.result = value;
    return scope;
  }

  /** The same scope with {@code $states.errorOutput} set (a Catcher's Output and Assign). */
  public DataScope withErrorOutput(JsonNode value) {
    DataScope scope = withInput(input);
    scope.errorOutput = value;
    return scope;
  }

  public JsonNode input() {
    return input;
  }

  /** {@code $states.result}, or null outside a state that has a result. */
  public JsonNode result() {
    return result;
  }

  /** {@code $states.errorOutput}, or null outside a Catcher. */
  public JsonNode errorOutput() {
    return errorOutput;
  }

  public JsonNode context() {
    if (context == null) context = contextSupplier.get();
    return context;
  }

  public RandomGenerator random() {
    return random;
  }

  /** The variables in scope, name to value. Callers must not change it. */
  public ObjectNode variables() {
    return variables;
  }

  /** What each evaluation in this scope may spend. */
  public EvaluationBudget budget() {
    return budget;
  }

  /** The step's time, or null when the scope has none. */
  public Instant now() {
    return now;
  }

  /** The value of a workflow variable; States.Runtime when none of that name is in scope. */
  public JsonNode variable(String name) {
    JsonNode value = variables.get(name);
    if (value == null) {
      throw StateEvaluationException.runtime(
          "The variable '$" + name + "' is not defined in this scope");
    }
    return value;
  }

  /**
   * What a path is read from: the context object for {@code $$}, the variable for {@code $name},
   * otherwise {@code data}.
   */
  public JsonNode rootFor(JsonPath path, JsonNode data) {
    if (path.isContextPath()) return context();
    if (path.variable() != null) return variable(path.variable());
    return data;
  }

  /**
   * The value of a path inside a template or expression field; AWS's States.Runtime message when it
   * finds nothing (paths/invalid_jsonpath_invalid_jsonpath_in_string_expr_jsonpath).
   */
  public JsonNode resolve(JsonPath path, String field) {
    try {
      return path.read(rootFor(path, input));
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

      @Override
      public JsonNode variable(String name) {
        return DataScope.this.variable(name);
      }

      @Override
      public EvaluationBudget budget() {
        return budget;
      }
    };
  }
}
