package io.stepwise.engine.asl.validate;

import static io.stepwise.engine.asl.validate.Asl.errors;
import static io.stepwise.engine.asl.validate.Asl.oneJsonataState;
import static io.stepwise.engine.asl.validate.Asl.oneState;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryLanguageRulesTest {

  @Test
  void rejectsJsonPathStateInAJsonataMachine() {
    assertThat(
            errors(oneJsonataState("{'Type': 'Pass', 'End': true, 'QueryLanguage': 'JSONPath'}")))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: 'QueryLanguage' can not be 'JSONPath' if set to 'JSONata'"
                + " for whole state machine at /States/S");
  }

  @Test
  void acceptsAJsonataStateInAJsonPathMachine() {
    assertThat(
            errors(
                oneState(
                    "{'Type': 'Pass', 'End': true, 'QueryLanguage': 'JSONata',"
                        + " 'Output': '{% $states.input %}'}")))
        .isEmpty();
  }

  @Test
  void rejectsJsonPathFieldsInAJsonataState() {
    assertThat(
            errors(
                oneJsonataState(
                    "{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true,"
                        + " 'Parameters': {}, 'InputPath': '$', 'ResultSelector': {}}")))
        .containsExactlyInAnyOrder(
            "SCHEMA_VALIDATION_FAILED: Field 'Parameters' is not supported at /States/S",
            "SCHEMA_VALIDATION_FAILED: Field 'InputPath' is not supported at /States/S",
            "SCHEMA_VALIDATION_FAILED: Field 'ResultSelector' is not supported at /States/S");
  }

  @Test
  void rejectsJsonataFieldsInAJsonPathState() {
    assertThat(errors(oneState("{'Type': 'Pass', 'End': true, 'Output': {}, 'Arguments': {}}")))
        .containsExactlyInAnyOrder(
            "SCHEMA_VALIDATION_FAILED: Field 'Output' is not supported at /States/S",
            "SCHEMA_VALIDATION_FAILED: Field 'Arguments' is not supported at /States/S");
  }

  @Test
  void rejectsAnUnclosedJsonataExpression() {
    assertThat(errors(oneJsonataState("{'Type': 'Pass', 'End': true, 'Output': {'a': '{% 1 + '}}")))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: The value for the field 'a' must be a valid JSONata"
                + " expression at /States/S/Output/a");
  }

  @Test
  void rejectsAnInvalidPathInAJsonPathState() {
    assertThat(errors(oneState("{'Type': 'Pass', 'End': true, 'InputPath': 'input'}")))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: The value for the field 'InputPath' must be a valid JSONPath"
                + " at /States/S/InputPath");
  }
}
