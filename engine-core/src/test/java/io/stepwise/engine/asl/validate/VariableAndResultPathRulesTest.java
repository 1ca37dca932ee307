package io.stepwise.engine.asl.validate;

import static io.stepwise.engine.asl.validate.Asl.errors;
import static io.stepwise.engine.asl.validate.Asl.machine;
import static io.stepwise.engine.asl.validate.Asl.oneJsonataState;
import static io.stepwise.engine.asl.validate.Asl.oneState;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Edge cases AWS documents: {@code $states} is Step Functions' reserved variable (workflow
 * variables, "Reserved variable: $states"); variable names are Unicode identifiers of at most 80
 * characters ("Variable name syntax"); ResultPath is a reference path into the state's input
 * ("ResultPath is limited to using reference paths"), never the read-only context object.
 */
class VariableAndResultPathRulesTest {
  @Test
  void assigningTheReservedStatesVariableIsRefusedWhereverAnAssignIs() {
    String reserved =
        "SCHEMA_VALIDATION_FAILED: The variable name 'states' is reserved: $states is Step"
            + " Functions' own variable at ";
    assertThat(errors(oneState("{'Type': 'Pass', 'Assign': {'states': 1}, 'End': true}")))
        .containsExactly(reserved + "/States/S/Assign");
    assertThat(errors(oneState("{'Type': 'Pass', 'Assign': {'states.$': '$.x'}, 'End': true}")))
        .containsExactly(reserved + "/States/S/Assign");
    assertThat(
            errors(
                oneJsonataState("{'Type': 'Pass', 'Assign': {'states': '{% 1 %}'}, 'End': true}")))
        .containsExactly(reserved + "/States/S/Assign");
    assertThat(
            errors(
                machine(
                    "{'T': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true,"
                        + " 'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'E',"
                        + " 'Assign': {'states': 1}}]}, 'E': {'Type': 'Succeed'}}",
                    "T")))
        .containsExactly(reserved + "/States/T/Catch[0]/Assign");
    assertThat(
            errors(
                machine(
                    "{'C': {'Type': 'Choice', 'Default': 'E', 'Choices': [{'Variable': '$.a',"
                        + " 'IsPresent': true, 'Next': 'E', 'Assign': {'states': 1}}]},"
                        + " 'E': {'Type': 'Succeed'}}",
                    "C")))
        .containsExactly(reserved + "/States/C/Choices[0]/Assign");
  }

  @Test
  void variableNamesAreUnicodeIdentifiersOfAtMost80Characters() {
    assertThat(
            errors(
                oneState(
                    "{'Type': 'Pass', 'Assign': {'größe': 1, '_tmp': 2, 'x1': 3}, 'End': true}")))
        .isEmpty();
    assertThat(
            errors(oneState("{'Type': 'Pass', 'Assign': {'statesX': 1, 'State': 2}, 'End': true}")))
        .isEmpty();
    String longest = "v".repeat(80);
    assertThat(errors(oneState("{'Type': 'Pass', 'Assign': {'" + longest + "': 1}, 'End': true}")))
        .isEmpty();
    assertThat(errors(oneState("{'Type': 'Pass', 'Assign': {'" + longest + "v': 1}, 'End': true}")))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: The variable name '"
                + longest
                + "v' is not valid at /States/S/Assign");
    assertThat(errors(oneState("{'Type': 'Pass', 'Assign': {'1st': 1, 'a-b': 2}, 'End': true}")))
        .hasSize(2);
  }

  @Test
  void resultPathCannotWriteIntoTheContextObject() {
    String error =
        "SCHEMA_VALIDATION_FAILED: The value for the field 'ResultPath' must be a reference path"
            + " into the state's input: the context object ($$) cannot be written at ";
    assertThat(errors(oneState("{'Type': 'Pass', 'ResultPath': '$$.Execution.x', 'End': true}")))
        .containsExactly(error + "/States/S/ResultPath");
    assertThat(errors(oneState("{'Type': 'Pass', 'ResultPath': '$$', 'End': true}")))
        .containsExactly(error + "/States/S/ResultPath");
    assertThat(
            errors(
                machine(
                    "{'T': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true,"
                        + " 'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'E',"
                        + " 'ResultPath': '$$.error'}]}, 'E': {'Type': 'Succeed'}}",
                    "T")))
        .containsExactly(error + "/States/T/Catch[0]/ResultPath");
    assertThat(errors(oneState("{'Type': 'Pass', 'ResultPath': '$.result', 'End': true}")))
        .isEmpty();
    // The context object can still be read, e.g. by InputPath.
    assertThat(errors(oneState("{'Type': 'Pass', 'InputPath': '$$.Execution', 'End': true}")))
        .isEmpty();
  }
}
