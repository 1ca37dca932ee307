package io.stepwise.engine.dataflow.intrinsic;

import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.assertFails;
import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.assertFailsOn;
import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.assertJson;
import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.eval;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArrayFunctionsTest {
  private static final String NINE = "{\"a\": [1, 2, 3, 4, 5, 6, 7, 8, 9]}";

  @Test
  void arrayCollectsItsArgumentsInOrder() {
    assertJson(
        eval("States.Array('Foo', 2020, $.j, null)", "{\"j\": {\"r\": \"x\"}}"),
        "[\"Foo\", 2020, {\"r\": \"x\"}, null]");
    assertJson(eval("States.Array()"), "[]");
  }

  @Test
  void partitionChunksTheArrayLeavingARemainder() {
    assertJson(eval("States.ArrayPartition($.a, 4)", NINE), "[[1, 2, 3, 4], [5, 6, 7, 8], [9]]");
    assertJson(eval("States.ArrayPartition($.a, 9)", NINE), "[[1, 2, 3, 4, 5, 6, 7, 8, 9]]");
    assertJson(eval("States.ArrayPartition($.e, 2)", "{\"e\": []}"), "[]");
  }

  @Test
  void partitionRoundsTheChunkSize() {
    assertJson(eval("States.ArrayPartition($.a, 3.5)", NINE), "[[1, 2, 3, 4], [5, 6, 7, 8], [9]]");
  }

  @Test
  void partitionFailsOnAChunkSizeBelowOne() {
    assertFailsOn(
        "States.ArrayPartition($.a, 0)",
        NINE,
        "States.ArrayPartition",
        "must be a positive integer but was 0");
    assertFailsOn("States.ArrayPartition($.a, -2)", NINE, "positive integer");
  }

  @Test
  void partitionFailsOnWrongTypes() {
    assertFails("States.ArrayPartition('x', 1)", "argument 1 must be an array but was a string");
    assertFailsOn(
        "States.ArrayPartition($.a, '1')", NINE, "argument 2 must be an integer but was a string");
  }

  @Test
  void containsComparesStructurally() {
    String input = "{\"a\": [[1, 2, 3], {\"k\": [true]}, \"s\", null]}";
    assertJson(eval("States.ArrayContains($.a, $.a[0])", input), "true");
    assertJson(
        eval("States.ArrayContains($.a, States.StringToJson('{\"k\": [true]}'))", input), "true");
    assertJson(eval("States.ArrayContains($.a, null)", input), "true");
    assertJson(eval("States.ArrayContains($.a, 's ')", input), "false");
    assertJson(eval("States.ArrayContains($.a, States.Array())", input), "false");
  }

  @Test
  void containsComparesNumbersByValue() {
    assertJson(eval("States.ArrayContains($.a, 5.0)", NINE), "true");
  }

  @Test
  void containsFailsWhenTheFirstArgumentIsNotAnArray() {
    assertFailsOn(
        "States.ArrayContains($.o, 1)",
        "{\"o\": {}}",
        "States.ArrayContains",
        "argument 1 must be an array but was an object");
  }

  @Test
  void rangeIncludesTheLastNumberWhenAStepLandsOnIt() {
    assertJson(eval("States.ArrayRange(1, 9, 2)"), "[1, 3, 5, 7, 9]");
    assertJson(eval("States.ArrayRange(0, 10, 3)"), "[0, 3, 6, 9]");
    assertJson(eval("States.ArrayRange(1, 9, 9)"), "[1]");
    assertJson(eval("States.ArrayRange(4, 4, 1)"), "[4]");
  }

  @Test
  void rangeCountsDownWithANegativeStep() {
    assertJson(eval("States.ArrayRange(5, 1, -2)"), "[5, 3, 1]");
    assertJson(eval("States.ArrayRange(1, 5, -1)"), "[]");
  }

  @Test
  void rangeAllowsAThousandItemsButNoMore() {
    assertThat(eval("States.ArrayRange(1, 1000, 1)").size()).isEqualTo(1000);
    assertFails(
        "States.ArrayRange(0, 1000, 1)", "States.ArrayRange", "1001 items", "more than 1000");
  }

  @Test
  void rangeFailsOnAZeroStepAndNonNumbers() {
    assertFails("States.ArrayRange(1, 5, 0)", "must not be 0");
    assertFails("States.ArrayRange(1, '5', 1)", "argument 2 must be an integer but was a string");
  }

  @Test
  void getItemReturnsTheItemAtAZeroBasedIndex() {
    assertJson(eval("States.ArrayGetItem($.a, 5)", NINE), "6");
    assertJson(eval("States.ArrayGetItem($.a, 0.0)", NINE), "1");
  }

  @Test
  void getItemFailsOutsideTheArray() {
    assertFailsOn(
        "States.ArrayGetItem($.a, 9)",
        NINE,
        "States.ArrayGetItem",
        "index 9 is out of bounds for an array of 9 items");
    assertFailsOn("States.ArrayGetItem($.a, -1)", NINE, "index -1 is out of bounds");
  }

  @Test
  void getItemFailsOnAFractionalIndex() {
    assertFailsOn(
        "States.ArrayGetItem($.a, 1.5)", NINE, "argument 2 must be an integer but was 1.5");
  }

  @Test
  void lengthCountsItems() {
    assertJson(eval("States.ArrayLength($.a)", NINE), "9");
    assertFails(
        "States.ArrayLength('abc')", "States.ArrayLength", "must be an array but was a string");
  }

  @Test
  void uniqueKeepsTheFirstOfEachValueInOrder() {
    String input =
        "{\"a\": [null, null, true, true, 1, 1.0, 1.1, \"1\", [], [], [null], {\"a\": 1, \"b\": 2},"
            + " {\"b\": 2, \"a\": 1}, {\"a\": 1, \"b\": 1}, 3, 2, 3]}";
    assertJson(
        eval("States.ArrayUnique($.a)", input),
        "[null, true, 1, 1.1, \"1\", [], [null], {\"a\": 1, \"b\": 2}, {\"a\": 1, \"b\": 1}, 3,"
            + " 2]");
    assertFails("States.ArrayUnique(1)", "States.ArrayUnique", "must be an array but was a number");
  }
}
