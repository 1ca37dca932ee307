package io.stepwise.engine.asl.validate;

import static io.stepwise.engine.asl.validate.Asl.errors;
import static io.stepwise.engine.asl.validate.Asl.machine;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorHandlingRulesTest {

  private static String taskWith(String field, String list) {
    return machine(
        "{'T': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true, '"
            + field
            + "': "
            + list
            + "}, 'F': {'Type': 'Fail'}}",
        "T");
  }

  @Test
  void acceptsAFullRetrier() {
    String retry =
        "[{'ErrorEquals': ['States.Timeout'], 'IntervalSeconds': 2, 'MaxAttempts': 0,"
            + " 'BackoffRate': 1.5, 'MaxDelaySeconds': 10, 'JitterStrategy': 'FULL'},"
            + " {'ErrorEquals': ['States.ALL']}]";
    assertThat(errors(taskWith("Retry", retry)))
        .containsExactly("MISSING_TRANSITION_TARGET: State \"F\" is not reachable. at /States/F");
  }

  @Test
  void rejectsAnEmptyErrorEquals() {
    assertThat(errors(taskWith("Retry", "[{'ErrorEquals': []}]")))
        .contains(
            "SCHEMA_VALIDATION_FAILED: The field 'ErrorEquals' must be a non-empty ARRAY at"
                + " /States/T/Retry[0]/ErrorEquals");
  }

  @Test
  void rejectsStatesAllBesideOtherErrors() {
    assertThat(errors(taskWith("Retry", "[{'ErrorEquals': ['States.ALL', 'X']}]")))
        .contains(
            "SCHEMA_VALIDATION_FAILED: 'States.ALL' must appear alone in 'ErrorEquals' at"
                + " /States/T/Retry[0]/ErrorEquals");
  }

  @Test
  void rejectsACatchAllThatIsNotLast() {
    String catchers =
        "[{'ErrorEquals': ['States.ALL'], 'Next': 'F'}, {'ErrorEquals': ['X'], 'Next': 'F'}]";
    assertThat(errors(taskWith("Catch", catchers)))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: A Catcher with 'States.ALL' must be the last one in 'Catch'"
                + " at /States/T/Catch[0]");
  }

  @Test
  void rejectsRetrierValuesOutOfRange() {
    String retry =
        "[{'ErrorEquals': ['X'], 'IntervalSeconds': 0, 'MaxAttempts': -1, 'BackoffRate': 0.5,"
            + " 'JitterStrategy': 'SOME'}]";
    assertThat(errors(taskWith("Retry", retry)))
        .contains(
            "SCHEMA_VALIDATION_FAILED: The value for the field 'IntervalSeconds' must be a positive"
                + " integer at /States/T/Retry[0]/IntervalSeconds",
            "SCHEMA_VALIDATION_FAILED: The value for the field 'MaxAttempts' must be a non-negative"
                + " integer at /States/T/Retry[0]/MaxAttempts",
            "SCHEMA_VALIDATION_FAILED: The field 'JitterStrategy' should have one of these values:"
                + " [FULL, NONE] at /States/T/Retry[0]/JitterStrategy")
        .anyMatch(e -> e.contains("'BackoffRate'"));
  }

  @Test
  void requiresNextInACatcher() {
    assertThat(errors(taskWith("Catch", "[{'ErrorEquals': ['X']}]")))
        .contains(
            "SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at /States/T/Catch[0]");
  }
}
