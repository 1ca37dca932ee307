package io.stepwise.engine.asl.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.engine.asl.StateMachineType;
import org.junit.jupiter.api.Test;

class DefinitionTextTest {

  @Test
  void reportsBlankTextAsNoJsonObject() {
    assertThat(DefinitionValidator.validate(" ", StateMachineType.STANDARD).diagnostics())
        .containsExactly(
            new Diagnostic(
                "SCHEMA_VALIDATION_FAILED",
                null,
                "Definition must be a valid JSON object",
                Diagnostic.Severity.ERROR));
  }

  @Test
  void reportsAJsonArrayAsNoJsonObject() {
    assertThat(DefinitionValidator.validate("[1]", StateMachineType.STANDARD).diagnostics())
        .extracting(Diagnostic::message)
        .containsExactly("Definition must be a valid JSON object");
  }

  @Test
  void passesOnJacksonsMessageForTextThatIsNotJson() {
    Diagnostic d =
        DefinitionValidator.validate("{\"StartAt\": ", StateMachineType.STANDARD)
            .diagnostics()
            .get(0);
    assertThat(d.code()).isEqualTo("INVALID_JSON_DESCRIPTION");
    assertThat(d.message()).endsWith(d.location());
    assertThat(d.location()).startsWith("[Source: (String)");
  }

  @Test
  void joinsSeveralErrorsIntoOneCreateStateMachineMessage() {
    String definition =
        "{\"StartAt\": \"a\", \"States\": {\"a\": {\"Type\": \"Pass\", \"Next\": \"b\"},"
            + " \"c\": {\"Type\": \"Succeed\"}}}";
    assertThat(
            DefinitionValidator.validate(definition, StateMachineType.STANDARD)
                .invalidDefinitionMessage())
        .isEqualTo(
            "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: b"
                + " at /States/a/Next, MISSING_TRANSITION_TARGET: State \"c\" is not reachable. at"
                + " /States/c'");
  }

  @Test
  void givesNoMessageForAValidDefinition() {
    ValidationResult result =
        DefinitionValidator.validate(
            "{\"StartAt\": \"a\", \"States\": {\"a\": {\"Type\": \"Succeed\"}}}",
            StateMachineType.EXPRESS);
    assertThat(result.ok()).isTrue();
    assertThat(result.invalidDefinitionMessage()).isNull();
  }
}
