package io.stepwise.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.asl.parse.DefinitionException;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.asl.validate.DefinitionValidator;
import io.stepwise.engine.asl.validate.Diagnostic;
import io.stepwise.engine.asl.validate.ValidationResult;

/** A definition from the command line, validated like CreateStateMachine and parsed. */
final class LoadedDefinition {
  private LoadedDefinition() {}

  static StateMachineDefinition load(JsonNode json, String file) throws UsageException {
    ValidationResult result = DefinitionValidator.validate(json, StateMachineType.STANDARD);
    if (!result.ok()) {
      StringBuilder sb = new StringBuilder(file + " is not a valid state machine:");
      for (Diagnostic d : result.diagnostics()) {
        if (d.severity() != Diagnostic.Severity.ERROR) continue;
        sb.append("\n  ").append(d.code());
        if (d.location() != null) sb.append(" at ").append(d.location());
        sb.append(": ").append(d.message());
      }
      throw new UsageException(sb.toString());
    }
    try {
      return DefinitionParser.parse(json);
    } catch (DefinitionException e) {
      throw new UsageException(
          file + " is not a valid state machine: " + e.getMessage() + " at " + e.location());
    }
  }
}
