package io.stepwise.web.statemachine;

import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.asl.validate.DefinitionValidator;
import io.stepwise.engine.asl.validate.Diagnostic;
import io.stepwise.web.page.PayloadLimits;
import java.util.List;

/**
 * What the validator says about a definition being edited: AWS's diagnostics, each with the JSON
 * pointer of the state and field it is about.
 *
 * @param checked false when there was nothing to check yet
 */
public record DefinitionCheck(boolean checked, List<Diagnostic> diagnostics, String refusal) {
  public static final DefinitionCheck NONE = new DefinitionCheck(false, List.of(), null);

  public static DefinitionCheck of(String definition, StateMachineType type) {
    if (definition == null || definition.isBlank()) return NONE;
    String tooLong = PayloadLimits.definitionProblem(definition);
    if (tooLong != null) return new DefinitionCheck(true, List.of(), tooLong);
    return new DefinitionCheck(
        true, DefinitionValidator.validate(definition, type).diagnostics(), null);
  }

  /** The check with the service's refusal message added (it may know more than the validator). */
  public DefinitionCheck refused(String message) {
    return new DefinitionCheck(true, diagnostics, message);
  }

  public boolean ok() {
    return checked
        && refusal == null
        && diagnostics.stream().noneMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
  }
}
