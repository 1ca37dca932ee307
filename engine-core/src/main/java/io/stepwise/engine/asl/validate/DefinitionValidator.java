package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.QueryLanguage;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.json.Json;
import java.util.List;

/**
 * The state machine definition validator: gives for an Amazon States Language definition the
 * diagnostics AWS's ValidateStateMachineDefinition gives, and through {@link
 * ValidationResult#invalidDefinitionMessage()} the message CreateStateMachine refuses it with.
 *
 * <p>It works on the raw JSON rather than on a parsed model, so that it can describe definitions
 * too broken to be modelled. Stateless and thread-safe.
 */
public final class DefinitionValidator {
  private DefinitionValidator() {}

  /**
   * Validates definition text. Text that is not JSON gives one {@code INVALID_JSON_DESCRIPTION}
   * with Jackson's message (AWS runs Jackson too: validate_api/..._not_a_definition_not_a_def);
   * blank text or JSON that is not an object gives "Definition must be a valid JSON object".
   */
  public static ValidationResult validate(String definitionText, StateMachineType type) {
    if (definitionText == null || definitionText.isBlank()) {
      return notAnObject();
    }
    JsonNode definition;
    try {
      definition = Json.parse(definitionText);
    } catch (JsonProcessingException e) {
      return new ValidationResult(List.of(JsonSyntaxError.of(e)));
    }
    return validate(definition, type);
  }

  /** Validates a definition already read as JSON. */
  public static ValidationResult validate(JsonNode definition, StateMachineType type) {
    if (definition == null || !definition.isObject()) {
      return notAnObject();
    }
    Findings findings = new Findings();
    Machine machine = new Machine(type, DeclaredLanguage.of(definition, QueryLanguage.JSONPATH));
    new ScopeWalker(machine, findings)
        .walk(new Scope(definition, "", machine.language(), Scope.Kind.MACHINE));
    return new ValidationResult(findings.all());
  }

  private static ValidationResult notAnObject() {
    return new ValidationResult(
        List.of(Diagnostic.error(Findings.SCHEMA, null, "Definition must be a valid JSON object")));
  }
}
