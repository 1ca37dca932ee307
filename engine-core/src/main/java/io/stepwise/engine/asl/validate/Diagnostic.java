package io.stepwise.engine.asl.validate;

/**
 * One finding about a state machine definition, worded as AWS's ValidateStateMachineDefinition API
 * words it.
 *
 * @param code AWS's diagnostic code, e.g. {@code SCHEMA_VALIDATION_FAILED} or {@code
 *     MISSING_TRANSITION_TARGET}
 * @param location where in the definition, as AWS writes it (e.g. {@code /States/Foo/Resource});
 *     {@code null} when the text could not be read as a JSON object at all
 * @param message AWS's message text
 * @param severity whether the definition is refused ({@link Severity#ERROR}) or merely suspicious
 */
public record Diagnostic(String code, String location, String message, Severity severity) {

  /** How bad a diagnostic is; only errors make a definition invalid. */
  public enum Severity {
    /** The state machine cannot be created or updated with this definition. */
    ERROR,
    /** The definition is accepted but probably not what its author meant. */
    WARNING
  }

  static Diagnostic error(String code, String location, String message) {
    return new Diagnostic(code, location, message, Severity.ERROR);
  }
}
