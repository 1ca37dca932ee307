package io.stepwise.engine.dataflow.intrinsic;

import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.assertFails;
import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.assertJson;
import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.eval;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.json.Json;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MathFunctionsTest {

  @Test
  void addAddsIntegers() {
    assertJson(eval("States.MathAdd(111, -1)"), "110");
    assertJson(eval("States.MathAdd($.v, $.s)", "{\"v\": -9, \"s\": 3}"), "-6");
  }

  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource({
    "1.49, 1.5, 3", // intrinsics/math_add_1
    "1.5, 1.51, 4", // math_add_2
    "-1.49, -1.5, -2", // math_add_3
    "-1.5, -1.51, -3", // math_add_4
    "0.5, 0, 1", // math_add_12
    "2.5, 0, 3", // math_add_14
    "-0.5, 0.5, 1", // math_add_16
    "-0.5, 0, 0", // math_add_17
    "-2.5, 0, -2", // math_add_19
    "-3.5, 0, -3", // math_add_20
  })
  void addRoundsHalvesTowardsPositiveInfinityFirst(String a, String b, int sum) {
    assertJson(eval("States.MathAdd(" + a + ", " + b + ")"), String.valueOf(sum));
  }

  @Test
  void addDoesNotOverflow() {
    assertJson(eval("States.MathAdd(2147483647, 1)"), "2147483648");
  }

  @Test
  void addFailsOnNonNumbersAndNumbersBeyondTheIntegerRange() {
    assertFails(
        "States.MathAdd('1', 2)",
        "States.MathAdd",
        "argument 1 must be an integer but was a string");
    assertFails("States.MathAdd(1, null)", "argument 2 must be an integer but was null");
    assertFails(
        "States.MathAdd(2147483648, 1)", "between -2147483648 and 2147483647 but was 2147483648");
  }

  @Test
  void randomStaysWithinStartAndEnd() {
    TestContext context = TestContext.empty();
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      int value = eval("States.MathRandom(1, 3)", context).intValue();
      assertThat(value).isBetween(1, 3);
      seen.add(value);
    }
    assertThat(seen).containsExactlyInAnyOrder(1, 2, 3);
    assertJson(eval("States.MathRandom(-5, -5)"), "-5");
  }

  @Test
  void randomDrawsFromTheExecutionsGenerator() {
    JsonNode first =
        eval(
            "States.Array(States.MathRandom(0, 1000000), States.UUID())",
            new TestContext(Json.object(), Json.object(), 7));
    JsonNode again =
        eval(
            "States.Array(States.MathRandom(0, 1000000), States.UUID())",
            new TestContext(Json.object(), Json.object(), 7));
    assertThat(again).isEqualTo(first);
  }

  @Test
  void randomWithASeedGivesTheSameNumberInEveryExecution() {
    JsonNode first =
        eval("States.MathRandom(0, 999, 3)", new TestContext(Json.object(), Json.object(), 1));
    JsonNode second =
        eval("States.MathRandom(0, 999, 3)", new TestContext(Json.object(), Json.object(), 2));
    assertThat(second).isEqualTo(first);
    assertThat(first.intValue()).isBetween(0, 999);
  }

  @Test
  void randomFailsOnABackwardsRangeAndNonNumbers() {
    assertFails(
        "States.MathRandom(10, 1)",
        "States.MathRandom",
        "start number 10 must not be greater than the end number 1");
    assertFails("States.MathRandom('a', 1)", "argument 1 must be an integer");
    assertFails("States.MathRandom(1, 2, 'seed')", "argument 3 must be an integer");
  }

  @Test
  void uuidIsARandomVersion4Uuid() {
    TestContext context = TestContext.empty();
    String text = eval("States.UUID()", context).textValue();
    UUID uuid = UUID.fromString(text);
    assertThat(uuid.version()).isEqualTo(4);
    assertThat(uuid.variant()).isEqualTo(2);
    assertThat(text).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(eval("States.UUID()", context).textValue()).isNotEqualTo(text);
  }
}
