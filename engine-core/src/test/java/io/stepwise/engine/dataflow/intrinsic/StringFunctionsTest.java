package io.stepwise.engine.dataflow.intrinsic;

import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.assertFails;
import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.assertFailsOn;
import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.assertJson;
import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.eval;

import org.junit.jupiter.api.Test;

class StringFunctionsTest {

  @Test
  void formatReplacesPlaceholdersInOrder() {
    assertJson(
        eval(
            "States.Format('Hello {}, welcome to {}!', $.name, 'Stepwise')", "{\"name\": \"Ann\"}"),
        "\"Hello Ann, welcome to Stepwise!\"");
  }

  @Test
  void formatWritesNumbersBooleansAndNullAsJson() {
    assertJson(
        eval("States.Format('{} {} {} {} {}', 1, 1.1, -2, true, null)"), "\"1 1.1 -2 true null\"");
  }

  @Test
  void formatWritesObjectsAndArraysTheWayJavaPrintsMapsAndLists() {
    // intrinsics/format_2_7
    assertJson(
        eval(
            "States.Format('{} and {}', $.o, $.a)",
            "{\"o\": {\"Arg1\": 1, \"Arg2\": []}, \"a\": [\"x\", {\"k\": \"v\"}, null]}"),
        "\"{Arg1=1, Arg2=[]} and [x, {k=v}, null]\"");
  }

  @Test
  void formatKeepsEscapedBracesAsText() {
    assertJson(eval("States.Format('\\{\\} {} \\{}', 'x')"), "\"{} x {}\"");
  }

  @Test
  void formatTakesItsTemplateFromAPath() {
    assertJson(
        eval("States.Format($.t, $.n)", "{\"t\": \"Hello, my name is {}.\", \"n\": \"Arnav\"}"),
        "\"Hello, my name is Arnav.\"");
  }

  @Test
  void formatDoesNotReplacePlaceholdersInsideValues() {
    assertJson(eval("States.Format('{}|{}', '{}', 'b')"), "\"{}|b\"");
  }

  @Test
  void formatWithoutPlaceholdersReturnsTheTemplate() {
    assertJson(eval("States.Format('plain')"), "\"plain\"");
  }

  @Test
  void formatFailsWhenPlaceholdersAndValuesDoNotMatch() {
    assertFails("States.Format('{} {}', 'a')", "States.Format", "2 placeholders", "1 value was");
    assertFails("States.Format('{}', 'a', 'b')", "1 placeholders", "2 values were");
    assertFailsOn("States.Format($.t)", "{\"t\": \"{}\"}", "1 placeholders", "0 values");
  }

  @Test
  void formatFailsWhenTheTemplateIsNotAString() {
    assertFails("States.Format(1)", "argument 1 must be a string but was a number");
    assertFailsOn(
        "States.Format($.t)", "{\"t\": null}", "argument 1 must be a string but was null");
  }

  @Test
  void splitSplitsAtEveryDelimiterCharacterAndDropsEmptyPieces() {
    assertJson(eval("States.StringSplit('1,2,3', ',')"), "[\"1\", \"2\", \"3\"]");
    assertJson(
        eval("States.StringSplit('This.is+a,test=string', '.+,=')"),
        "[\"This\", \"is\", \"a\", \"test\", \"string\"]");
    assertJson(eval("States.StringSplit(', , ,', ',')"), "[\" \", \" \"]");
    assertJson(eval("States.StringSplit(',,,,', ',')"), "[]");
  }

  @Test
  void splitWithAnEmptyDelimiterKeepsTheWholeString() {
    assertJson(eval("States.StringSplit('abc', '')"), "[\"abc\"]");
    assertJson(eval("States.StringSplit('', ',')"), "[]");
  }

  @Test
  void splitHandlesCharactersOutsideTheBasicPlane() {
    assertJson(eval("States.StringSplit('a😀b', '😀')"), "[\"a\", \"b\"]");
  }

  @Test
  void splitFailsOnNonStrings() {
    assertFails("States.StringSplit(1, ',')", "States.StringSplit", "argument 1 must be a string");
    assertFailsOn(
        "States.StringSplit('a', $.d)",
        "{\"d\": [\",\"]}",
        "argument 2 must be a string but was an array");
  }
}
