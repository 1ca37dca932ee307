package io.stepwise.engine.dataflow.intrinsic;

import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.assertFails;
import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.assertFailsOn;
import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.assertJson;
import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.eval;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class JsonFunctionsTest {

  @Test
  void stringToJsonParsesTheString() {
    assertJson(
        eval("States.StringToJson($.s)", "{\"s\": \"{\\\"a\\\": [1, \\\"x\\\"]}\"}"),
        "{\"a\": [1, \"x\"]}");
    assertJson(eval("States.StringToJson('true')"), "true");
  }

  @Test
  void stringToJsonGivesNullForBlankStrings() {
    assertJson(eval("States.StringToJson('')"), "null");
    assertJson(eval("States.StringToJson('  ')"), "null");
  }

  @Test
  void stringToJsonKeepsDecimalsExact() {
    assertThat(eval("States.StringToJson('1.10')").decimalValue())
        .isEqualTo(new BigDecimal("1.10"));
    assertJson(eval("States.StringToJson('-0')"), "0");
  }

  @Test
  void stringToJsonFailsOnInvalidJson() {
    assertFails("States.StringToJson('{a')", "States.StringToJson", "not valid JSON");
    assertFails("States.StringToJson('1 2')", "not valid JSON");
  }

  @Test
  void stringToJsonFailsOnNonStrings() {
    assertFailsOn(
        "States.StringToJson($.o)", "{\"o\": {}}", "argument 1 must be a string but was an object");
  }

  @Test
  void jsonToStringWritesCompactJson() {
    assertJson(
        eval("States.JsonToString($.o)", "{\"o\": {\"Arg1\": 1, \"Arg2\": [1.1, \"x\"]}}"),
        "\"{\\\"Arg1\\\":1,\\\"Arg2\\\":[1.1,\\\"x\\\"]}\"");
    assertJson(
        eval("States.JsonToString($.s)", "{\"s\": \"HelloWorld\"}"), "\"\\\"HelloWorld\\\"\"");
    assertJson(eval("States.JsonToString($.n)", "{\"n\": null}"), "\"null\"");
  }

  @Test
  void jsonMergeLetsTheSecondObjectWinWithoutMergingNestedObjects() {
    String input =
        "{\"a\": {\"a\": {\"a1\": 1}, \"b\": 2, \"d\": 3}, \"b\": {\"a\": {\"a3\": 1}, \"c\": 3,"
            + " \"d\": 4}}";
    assertJson(
        eval("States.JsonMerge($.a, $.b, false)", input),
        "{\"a\": {\"a3\": 1}, \"b\": 2, \"c\": 3, \"d\": 4}");
  }

  @Test
  void jsonMergeLeavesItsArgumentsUnchanged() {
    TestContext context = TestContext.of("{\"a\": {\"x\": 1}, \"b\": {\"x\": 2}}");
    eval("States.JsonMerge($.a, $.b, false)", context);
    assertJson(eval("States.Array($.a, $.b)", context), "[{\"x\": 1}, {\"x\": 2}]");
  }

  @Test
  void jsonMergeRefusesDeepMerging() {
    assertFailsOn(
        "States.JsonMerge($.a, $.a, true)",
        "{\"a\": {}}",
        "States.JsonMerge",
        "deep merging is not supported");
  }

  @Test
  void jsonMergeFailsOnWrongTypes() {
    assertFailsOn(
        "States.JsonMerge($.a, $.b, false)",
        "{\"a\": [], \"b\": {}}",
        "argument 1 must be an object but was an array");
    assertFailsOn(
        "States.JsonMerge($.a, $.b, false)",
        "{\"a\": {}, \"b\": \"x\"}",
        "argument 2 must be an object but was a string");
    assertFailsOn(
        "States.JsonMerge($.a, $.a, 'false')", "{\"a\": {}}", "argument 3 must be a boolean");
  }
}
