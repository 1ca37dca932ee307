package io.stepwise.engine.asl.validate;

import static io.stepwise.engine.asl.validate.Asl.errors;
import static io.stepwise.engine.asl.validate.Asl.machine;
import static io.stepwise.engine.asl.validate.Asl.oneState;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransitionRulesTest {

  @Test
  void acceptsAPassThatEnds() {
    assertThat(errors(oneState("{'Type': 'Pass', 'End': true}"))).isEmpty();
  }

  @Test
  void requiresStatesAndStartAtInAwsOrder() {
    assertThat(errors("{}"))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: These fields are required: [States, StartAt] at /");
  }

  @Test
  void rejectsNextThatNamesNoState() {
    assertThat(
            errors(machine("{'A': {'Type': 'Pass', 'Next': 'B'}, 'C': {'Type': 'Succeed'}}", "A")))
        .contains("MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next");
  }

  @Test
  void rejectsStartAtThatNamesNoState() {
    assertThat(errors(machine("{'A': {'Type': 'Succeed'}}", "Z")))
        .contains("MISSING_TRANSITION_TARGET: Missing 'StartAt' target: Z at /StartAt");
  }

  @Test
  void reportsStatesNoTransitionNames() {
    assertThat(errors(machine("{'A': {'Type': 'Succeed'}, 'B': {'Type': 'Succeed'}}", "A")))
        .containsExactly("MISSING_TRANSITION_TARGET: State \"B\" is not reachable. at /States/B");
  }

  @Test
  void rejectsDefaultAndCatchTargetsOutsideTheScope() {
    String states =
        "{'C': {'Type': 'Choice', 'Choices': [{'Variable': '$.x', 'IsPresent': true, 'Next': 'T'}],"
            + " 'Default': 'Nope'},"
            + " 'T': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true,"
            + " 'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Gone'}]}}";
    assertThat(errors(machine(states, "C")))
        .contains(
            "MISSING_TRANSITION_TARGET: Missing 'Default' target: Nope at /States/C/Default",
            "MISSING_TRANSITION_TARGET: Missing 'Next' target: Gone at /States/T/Catch[0]/Next");
  }

  @Test
  void rejectsTransitionFromABranchToTheOuterScope() {
    String states =
        "{'P': {'Type': 'Parallel', 'End': true, 'Branches': [{'StartAt': 'In', 'States':"
            + " {'In': {'Type': 'Pass', 'Next': 'P'}}}]}}";
    assertThat(errors(machine(states, "P")))
        .contains(
            "MISSING_TRANSITION_TARGET: Missing 'Next' target: P at"
                + " /States/P/Branches[0]/States/In/Next");
  }

  @Test
  void rejectsAStateWithBothNextAndEnd() {
    assertThat(errors(oneState("{'Type': 'Pass', 'End': true, 'Next': 'S'}")))
        .contains("SCHEMA_VALIDATION_FAILED: Only one of 'Next' or 'End' may be set at /States/S");
  }

  @Test
  void rejectsAStateWithNeitherNextNorEnd() {
    assertThat(errors(oneState("{'Type': 'Pass'}")))
        .contains(
            "SCHEMA_VALIDATION_FAILED: Exactly one of these fields is required: [Next, End] at"
                + " /States/S");
  }

  @Test
  void rejectsAMachineThatCannotEnd() {
    assertThat(
            errors(
                machine(
                    "{'A': {'Type': 'Pass', 'Next': 'B'}, 'B': {'Type': 'Pass', 'Next': 'A'}}",
                    "A")))
        .containsExactly("MISSING_END_STATE: Workflow has no terminal state at /");
  }

  @Test
  void rejectsAStateNameUsedTwiceAcrossBranches() {
    String states =
        "{'P': {'Type': 'Parallel', 'End': true, 'Branches': ["
            + "{'StartAt': 'X', 'States': {'X': {'Type': 'Succeed'}}},"
            + "{'StartAt': 'X', 'States': {'X': {'Type': 'Succeed'}}}]}}";
    assertThat(errors(machine(states, "P")))
        .containsExactly(
            "DUPLICATE_STATE_NAME: Duplicate State name: X at /States/P/Branches[1]/States/X");
  }

  @Test
  void rejectsAnUnknownStateType() {
    assertThat(errors(oneState("{'Type': 'Sleep', 'End': true}")))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: The field 'Type' should have one of these values:"
                + " [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map] at /States/S/Type");
  }

  @Test
  void rejectsFieldsTheStateTypeDoesNotHave() {
    assertThat(errors(oneState("{'Type': 'Succeed', 'Resource': 'x'}")))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: Field 'Resource' is not supported at /States/S");
  }
}
