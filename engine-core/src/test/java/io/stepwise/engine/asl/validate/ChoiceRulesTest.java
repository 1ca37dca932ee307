package io.stepwise.engine.asl.validate;

import static io.stepwise.engine.asl.validate.Asl.errors;
import static io.stepwise.engine.asl.validate.Asl.machine;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChoiceRulesTest {

  private static String choice(String rule) {
    return machine(
        "{'C': {'Type': 'Choice', 'Choices': ["
            + rule
            + "], 'Default': 'D'},"
            + " 'D': {'Type': 'Succeed'}}",
        "C");
  }

  private static String jsonataChoice(String rule) {
    return ("{'QueryLanguage': 'JSONata', 'StartAt': 'C', 'States': {'C': {'Type': 'Choice',"
            + " 'Choices': ["
            + rule
            + "], 'Default': 'D'}, 'D': {'Type': 'Succeed'}}}")
        .replace('\'', '"');
  }

  @Test
  void acceptsNestedBooleanRules() {
    String rule =
        "{'And': [{'Variable': '$.a', 'NumericGreaterThan': 1},"
            + " {'Not': {'Variable': '$.b', 'StringEquals': 'x'}},"
            + " {'Or': [{'Variable': '$.c', 'IsNull': true},"
            + " {'Variable': '$.d', 'TimestampLessThan': '2016-03-14T01:59:00Z'}]}], 'Next': 'D'}";
    assertThat(errors(choice(rule))).isEmpty();
  }

  @Test
  void requiresExactlyOneComparisonOperator() {
    String rule = "{'Variable': '$.a', 'StringEquals': 'x', 'IsPresent': true, 'Next': 'D'}";
    assertThat(errors(choice(rule)))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: A choice rule must have exactly one comparison operator at"
                + " /States/C/Choices[0]");
  }

  @Test
  void requiresVariableInJsonPathRules() {
    assertThat(errors(choice("{'StringEquals': 'x', 'Next': 'D'}")))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: These fields are required: [Variable] at"
                + " /States/C/Choices[0]");
  }

  @Test
  void requiresNextOnlyOnTopLevelRules() {
    String rule = "{'Not': {'Variable': '$.a', 'IsPresent': true, 'Next': 'D'}, 'Next': 'D'}";
    assertThat(errors(choice(rule)))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: Field 'Next' is not supported at /States/C/Choices[0]/Not");
    assertThat(errors(choice("{'Variable': '$.a', 'IsPresent': true}")))
        .contains(
            "SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at /States/C/Choices[0]");
  }

  @Test
  void checksTheTypeOfTheComparedValue() {
    assertThat(errors(choice("{'Variable': '$.a', 'NumericEquals': '1', 'Next': 'D'}")))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: The value for the field 'NumericEquals' must be a NUMBER at"
                + " /States/C/Choices[0]/NumericEquals");
    assertThat(errors(choice("{'Variable': '$.a', 'StringEqualsPath': 'a', 'Next': 'D'}")))
        .hasSize(1);
    assertThat(errors(choice("{'Variable': '$.a', 'TimestampEquals': 'yesterday', 'Next': 'D'}")))
        .hasSize(1);
  }

  @Test
  void rejectsEmptyChoices() {
    assertThat(errors(machine("{'C': {'Type': 'Choice', 'Choices': []}}", "C")))
        .contains(
            "SCHEMA_VALIDATION_FAILED: The field 'Choices' must be a non-empty ARRAY at"
                + " /States/C/Choices");
  }

  @Test
  void requiresConditionInJsonataRules() {
    assertThat(errors(jsonataChoice("{'Condition': '{% $states.input.a > 1 %}', 'Next': 'D'}")))
        .isEmpty();
    assertThat(errors(jsonataChoice("{'Variable': '$.a', 'IsPresent': true, 'Next': 'D'}")))
        .contains(
            "SCHEMA_VALIDATION_FAILED: Field 'Variable' is not supported at /States/C/Choices[0]",
            "SCHEMA_VALIDATION_FAILED: These fields are required: [Condition] at"
                + " /States/C/Choices[0]");
  }
}
