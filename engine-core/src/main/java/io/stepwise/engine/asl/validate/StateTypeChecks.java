package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.QueryLanguage;

/** The checks particular to one state type; the common fields are checked before. */
sealed interface StateTypeChecks
    permits PassChecker,
        TaskChecker,
        ChoiceChecker,
        WaitChecker,
        SucceedChecker,
        FailChecker,
        ParallelChecker,
        MapChecker {

  void check(
      JsonNode state, String pointer, QueryLanguage language, Machine machine, Findings findings);

  /** The checker of a type named in {@link StateFields#TYPES}. */
  static StateTypeChecks forType(String type) {
    return switch (type) {
      case "Pass" -> new PassChecker();
      case "Task" -> new TaskChecker();
      case "Choice" -> new ChoiceChecker();
      case "Wait" -> new WaitChecker();
      case "Succeed" -> new SucceedChecker();
      case "Fail" -> new FailChecker();
      case "Parallel" -> new ParallelChecker();
      case "Map" -> new MapChecker();
      default -> throw new IllegalArgumentException("not a state type: " + type);
    };
  }
}
