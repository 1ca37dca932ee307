package io.stepwise.engine.dataflow.jsonata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.dataflow.DataScope;
import io.stepwise.engine.error.StatesException;
import io.stepwise.engine.json.Json;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonataExpressionTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static DataScope scope(String input, String variables) {
    return new DataScope(
        Json.parseTrusted(input),
        () -> Json.parseTrusted("{\"Execution\":{\"Name\":\"ex\"}}"),
        new SplittableRandom(7),
        (ObjectNode) Json.parseTrusted(variables),
        NOW);
  }

  private static JsonNode eval(String expression, String input, String variables) {
    try {
      return JsonataExpression.compile(expression).evaluate(scope(input, variables), "Output");
    } catch (JsonataSyntaxException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void readsStatesInputContextAndVariables() {
    assertThat(eval("$sum($states.input.n) + $one", "{\"n\":[1,2,3]}", "{\"one\":1}"))
        .isEqualTo(Json.parseTrusted("7"));
    assertThat(eval("$states.context.Execution.Name", "{}", "{}").textValue()).isEqualTo("ex");
  }

  @Test
  void undefinedIsAQueryEvaluationErrorNamingTheField() {
    assertThatThrownBy(() -> eval("$doesNotExist", "{}", "{}"))
        .isInstanceOf(StatesException.class)
        .satisfies(
            e -> assertThat(((StatesException) e).error()).isEqualTo("States.QueryEvaluationError"))
        .satisfies(
            e ->
                assertThat(((StatesException) e).cause())
                    .isEqualTo(
                        "The JSONata expression '$doesNotExist' specified for the field 'Output' returned"
                            + " nothing (undefined)."));
  }

  @Test
  void jsonNullIsAValueNotUndefined() {
    assertThat(eval("null", "{}", "{}").isNull()).isTrue();
    assertThat(eval("$states.input.a", "{\"a\":null}", "{}").isNull()).isTrue();
  }

  @Test
  void aFunctionResultIsUnsupported() {
    assertThatThrownBy(() -> eval("function($x){$x}", "{}", "{}"))
        .satisfies(
            e ->
                assertThat(((StatesException) e).cause())
                    .isEqualTo(
                        "The JSONata expression 'function($x){$x}' specified for the field 'Output' returned"
                            + " an unsupported result type."));
  }

  @Test
  void evaluationErrorsCarryJsonataCodes() {
    assertThatThrownBy(() -> eval("$nope(1)", "{}", "{}"))
        .satisfies(
            e ->
                assertThat(((StatesException) e).cause())
                    .isEqualTo(
                        "The JSONata expression '$nope(1)' specified for the field 'Output' threw an error"
                            + " during evaluation. T1006: Attempted to invoke a non-function"));
  }

  @Test
  void integralNumbersComeBackAsIntegers() {
    assertThat(eval("2.5 * 2", "{}", "{}").isIntegralNumber()).isTrue();
    assertThat(eval("0.1", "{}", "{}").doubleValue()).isEqualTo(0.1);
  }

  @Test
  void nowIsTheStepTimeNotTheClock() {
    assertThat(eval("$now()", "{}", "{}").textValue()).isEqualTo("2026-01-01T00:00:00.000Z");
    assertThat(eval("$millis()", "{}", "{}").longValue()).isEqualTo(NOW.toEpochMilli());
  }

  @Test
  void refusesInvalidSyntaxAtCompileTime() {
    assertThatThrownBy(() -> JsonataExpression.compile("1 +"))
        .isInstanceOf(JsonataSyntaxException.class);
  }

  @Test
  void refusesAnExpressionNestedTooDeeplyToParseInsteadOfOverflowingTheStack() {
    // A definition (up to 1 MB) can nest far more parentheses than a thread's stack can parse.
    String nested = "(".repeat(200_000) + "1" + ")".repeat(200_000);

    assertThatThrownBy(() -> JsonataExpression.compile(nested))
        .isInstanceOf(JsonataSyntaxException.class)
        .hasMessageContaining("nested too deeply to parse");
  }

  @Test
  void templatesKeepLiteralsAndEvaluateNestedExpressions() throws Exception {
    JsonataTemplate t =
        JsonataTemplate.compile(
            Json.parseTrusted(
                "{\"lit\":\"$states.input\",\"deep\":[1,{\"x\":\"{% $states.input.a %}\"}]}"),
            "Output");
    assertThat(t.evaluate(scope("{\"a\":5}", "{}")))
        .isEqualTo(Json.parseTrusted("{\"lit\":\"$states.input\",\"deep\":[1,{\"x\":5}]}"));
    JsonataTemplate literal = JsonataTemplate.compile(Json.parseTrusted("{\"a\":[1]}"), "Output");
    assertThat(literal).isInstanceOf(JsonataTemplate.Literal.class);
  }

  @Test
  void nestedFieldsAreNamedByTheirPath() throws Exception {
    JsonataTemplate t =
        JsonataTemplate.compile(Json.parseTrusted("{\"result\":\"{% $missing %}\"}"), "Output");
    assertThatThrownBy(() -> t.evaluate(scope("{}", "{}")))
        .hasMessageContaining("specified for the field 'Output/result' returned nothing");
  }

  @Test
  void typedEvaluationReportsTheActualType() throws Exception {
    JsonataTemplate t = JsonataTemplate.compile(Json.parseTrusted("\"{% true %}\""), "Items");
    assertThatThrownBy(() -> t.evaluate(scope("{}", "{}"), "array"))
        .satisfies(
            e ->
                assertThat(((StatesException) e).cause())
                    .isEqualTo(
                        "The JSONata expression 'true' specified for the field 'Items' returned an unexpected"
                            + " result type. Expected 'array', but was 'boolean' for value: true"));
  }
}
