package io.stepwise.engine.asl.validate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of validating a state machine definition: AWS's diagnostics, in the order they were
 * found.
 *
 * @param diagnostics every finding, errors and warnings
 */
public record ValidationResult(List<Diagnostic> diagnostics) {
  private static final String PREFIX = "Invalid State Machine Definition: ";

  public ValidationResult {
    diagnostics = List.copyOf(diagnostics);
  }

  /** True when no diagnostic is an error, i.e. AWS would accept the definition. */
  public boolean ok() {
    return diagnostics.stream().noneMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
  }

  /**
   * The message CreateStateMachine and UpdateStateMachine give with {@code InvalidDefinition}:
   * every error as {@code CODE: message at location}, joined with {@code ", "} inside quotes, e.g.
   * {@code Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: b
   * at /States/a/Next, MISSING_TRANSITION_TARGET: State "c" is not reachable. at /States/c'}.
   *
   * @return the message, or {@code null} when the definition is valid
   */
  public String invalidDefinitionMessage() {
    if (ok()) {
      return null;
    }
    return diagnostics.stream()
        .filter(d -> d.severity() == Diagnostic.Severity.ERROR)
        .map(ValidationResult::describe)
        .collect(Collectors.joining(", ", PREFIX + "'", "'"));
  }

  private static String describe(Diagnostic d) {
    String text = d.code() + ": " + d.message();
    return d.location() == null ? text : text + " at " + d.location();
  }
}
