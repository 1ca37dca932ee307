package io.stepwise.engine.dataflow.intrinsic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.error.ErrorNames;
import io.stepwise.engine.error.StateEvaluationException;
import io.stepwise.engine.error.StatesException;
import io.stepwise.engine.json.Json;

/** Test helpers: parse and evaluate a call, compare with expected JSON, expect failures. */
final class Intrinsics {
  private Intrinsics() {}

  static JsonNode eval(String call, IntrinsicContext context) {
    try {
      return IntrinsicCall.parse(call).evaluate(context);
    } catch (IntrinsicSyntaxException e) {
      throw new AssertionError("does not parse: " + e.getMessage(), e);
    }
  }

  static JsonNode eval(String call, String inputJson) {
    return eval(call, TestContext.of(inputJson));
  }

  static JsonNode eval(String call) {
    return eval(call, TestContext.empty());
  }

  static void assertJson(JsonNode actual, String expectedJson) {
    assertThat(actual).isEqualTo(Json.parseTrusted(expectedJson));
  }

  /** Asserts a States.Runtime failure whose cause contains every fragment. */
  static void assertFailsOn(String call, String inputJson, String... causeFragments) {
    assertThatThrownBy(() -> eval(call, inputJson))
        // A StateEvaluationException, so the interpreter prefixes the cause with the state.
        .isInstanceOf(StateEvaluationException.class)
        .satisfies(
            e -> {
              StatesException failure = (StatesException) e;
              assertThat(failure.error()).isEqualTo(ErrorNames.RUNTIME);
              assertThat(failure.cause()).contains(causeFragments);
            });
  }

  static void assertFails(String call, String... causeFragments) {
    assertFailsOn(call, "{}", causeFragments);
  }
}
