package io.stepwise.engine.dataflow.intrinsic;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The intrinsic functions of the Amazon States Language, with the number of arguments each takes.
 */
enum IntrinsicFunction {
  FORMAT("States.Format", 1, Integer.MAX_VALUE),
  STRING_TO_JSON("States.StringToJson", 1, 1),
  JSON_TO_STRING("States.JsonToString", 1, 1),
  ARRAY("States.Array", 0, Integer.MAX_VALUE),
  ARRAY_PARTITION("States.ArrayPartition", 2, 2),
  ARRAY_CONTAINS("States.ArrayContains", 2, 2),
  ARRAY_RANGE("States.ArrayRange", 3, 3),
  ARRAY_GET_ITEM("States.ArrayGetItem", 2, 2),
  ARRAY_LENGTH("States.ArrayLength", 1, 1),
  ARRAY_UNIQUE("States.ArrayUnique", 1, 1),
  BASE64_ENCODE("States.Base64Encode", 1, 1),
  BASE64_DECODE("States.Base64Decode", 1, 1),
  HASH("States.Hash", 2, 2),
  JSON_MERGE("States.JsonMerge", 3, 3),
  MATH_RANDOM("States.MathRandom", 2, 3),
  MATH_ADD("States.MathAdd", 2, 2),
  STRING_SPLIT("States.StringSplit", 2, 2),
  UUID("States.UUID", 0, 0);

  private static final Map<String, IntrinsicFunction> BY_NAME =
      Stream.of(values())
          .collect(Collectors.toUnmodifiableMap(f -> f.awsName, Function.identity()));

  private final String awsName;
  private final int minArguments;
  private final int maxArguments;

  IntrinsicFunction(String awsName, int minArguments, int maxArguments) {
    this.awsName = awsName;
    this.minArguments = minArguments;
    this.maxArguments = maxArguments;
  }

  /**
   * The function with that exact name ({@code States.Format}), or null. Names are case-sensitive.
   */
  static IntrinsicFunction named(String name) {
    return BY_NAME.get(name);
  }

  String awsName() {
    return awsName;
  }

  boolean accepts(int argumentCount) {
    return argumentCount >= minArguments && argumentCount <= maxArguments;
  }

  /** "2 arguments", "2 or 3 arguments", "at least 1 argument", for syntax error messages. */
  String arityText() {
    if (maxArguments == Integer.MAX_VALUE) {
      return "at least " + minArguments + (minArguments == 1 ? " argument" : " arguments");
    }
    if (minArguments == maxArguments) {
      return minArguments == 0
          ? "no arguments"
          : minArguments + (minArguments == 1 ? " argument" : " arguments");
    }
    return minArguments + " or " + maxArguments + " arguments";
  }

  @Override
  public String toString() {
    return awsName;
  }
}
