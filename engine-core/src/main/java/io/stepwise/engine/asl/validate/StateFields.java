package io.stepwise.engine.asl.validate;

import io.stepwise.engine.asl.QueryLanguage;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields each state type may carry in each query language, and the fields it must carry, as the
 * States Language specification lists them.
 */
final class StateFields {
  static final List<String> TYPES =
      List.of("Task", "Wait", "Pass", "Succeed", "Fail", "Choice", "Parallel", "Map");

  private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
  private static final Set<String> TRANSITION = Set.of("Next", "End");
  private static final Set<String> JSONPATH_IO = Set.of("InputPath", "OutputPath");
  private static final Set<String> ERROR_HANDLING = Set.of("Retry", "Catch");

  private static final Map<String, Set<String>> JSONPATH =
      Map.of(
          "Pass",
              union(
                  Set.of("Result", "ResultPath", "Parameters", "Assign"), JSONPATH_IO, TRANSITION),
          "Task",
              union(
                  Set.of(
                      "Resource",
                      "Parameters",
                      "ResultPath",
                      "ResultSelector",
                      "TimeoutSeconds",
                      "TimeoutSecondsPath",
                      "HeartbeatSeconds",
                      "HeartbeatSecondsPath",
                      "Credentials",
                      "Assign"),
                  JSONPATH_IO,
                  TRANSITION,
                  ERROR_HANDLING),
          "Choice", union(Set.of("Choices", "Default", "Assign"), JSONPATH_IO),
          "Wait",
              union(
                  Set.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath", "Assign"),
                  JSONPATH_IO,
                  TRANSITION),
          "Succeed", JSONPATH_IO,
          "Fail", Set.of("Error", "ErrorPath", "Cause", "CausePath"),
          "Parallel",
              union(
                  Set.of("Branches", "Parameters", "ResultPath", "ResultSelector", "Assign"),
                  JSONPATH_IO,
                  TRANSITION,
                  ERROR_HANDLING),
          "Map",
              union(
                  Set.of(
                      "ItemProcessor",
                      "Iterator",
                      "ItemsPath",
                      "ItemReader",
                      "ItemSelector",
                      "Parameters",
                      "ItemBatcher",
                      "ResultWriter",
                      "MaxConcurrency",
                      "MaxConcurrencyPath",
                      "ToleratedFailurePercentage",
                      "ToleratedFailurePercentagePath",
                      "ToleratedFailureCount",
                      "ToleratedFailureCountPath",
                      "Label",
                      "ResultPath",
                      "ResultSelector",
                      "Assign"),
                  JSONPATH_IO,
                  TRANSITION,
                  ERROR_HANDLING));

  private static final Map<String, Set<String>> JSONATA =
      Map.of(
          "Pass", union(Set.of("Output", "Assign"), TRANSITION),
          "Task",
              union(
                  Set.of(
                      "Resource",
                      "Arguments",
                      "Output",
                      "TimeoutSeconds",
                      "HeartbeatSeconds",
                      "Credentials",
                      "Assign"),
                  TRANSITION,
                  ERROR_HANDLING),
          "Choice", Set.of("Choices", "Default", "Output", "Assign"),
          "Wait", union(Set.of("Seconds", "Timestamp", "Output", "Assign"), TRANSITION),
          "Succeed", Set.of("Output"),
          "Fail", Set.of("Error", "Cause"),
          "Parallel",
              union(
                  Set.of("Branches", "Arguments", "Output", "Assign"), TRANSITION, ERROR_HANDLING),
          "Map",
              union(
                  Set.of(
                      "ItemProcessor",
                      "Iterator",
                      "Items",
                      "ItemReader",
                      "ItemSelector",
                      "ItemBatcher",
                      "ResultWriter",
                      "MaxConcurrency",
                      "ToleratedFailurePercentage",
                      "ToleratedFailureCount",
                      "Label",
                      "Output",
                      "Assign"),
                  TRANSITION,
                  ERROR_HANDLING));

  private StateFields() {}

  /** True when a state of this type in this language may carry the field. */
  static boolean allowed(String type, QueryLanguage language, String field) {
    if (COMMON.contains(field)) {
      return true;
    }
    Map<String, Set<String>> table = language == QueryLanguage.JSONATA ? JSONATA : JSONPATH;
    return table.get(type).contains(field);
  }

  /** The fields a state of this type must carry, in AWS's order. */
  static List<String> required(String type) {
    return switch (type) {
      case "Task" -> List.of("Resource");
      case "Choice" -> List.of("Choices");
      case "Parallel" -> List.of("Branches");
      default -> List.of();
    };
  }

  /** True for types that end a scope by themselves and so take neither Next nor End. */
  static boolean isTerminalType(String type) {
    return type.equals("Succeed") || type.equals("Fail");
  }

  /** True for types that move on with Next or End. */
  static boolean hasTransition(String type) {
    return !isTerminalType(type) && !type.equals("Choice");
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    java.util.HashSet<String> all = new java.util.HashSet<>();
    for (Set<String> s : sets) {
      all.addAll(s);
    }
    return Set.copyOf(all);
  }
}
