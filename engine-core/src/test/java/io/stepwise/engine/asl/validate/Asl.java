package io.stepwise.engine.asl.validate;

import io.stepwise.engine.asl.StateMachineType;
import java.util.List;

/** Small definitions for the validator's rule tests. */
final class Asl {
  private Asl() {}

  /** The errors AWS would give for a Standard machine, each as "CODE: message at location". */
  static List<String> errors(String definition) {
    return errors(definition, StateMachineType.STANDARD);
  }

  static List<String> errors(String definition, StateMachineType type) {
    return DefinitionValidator.validate(definition, type).diagnostics().stream()
        .map(d -> d.code() + ": " + d.message() + " at " + d.location())
        .toList();
  }

  /** A machine of one state, named S, written as JSON (single quotes stand for double ones). */
  static String oneState(String state) {
    return machine("{'S': " + state + "}", "S");
  }

  /** A JSONata machine of one state. */
  static String oneJsonataState(String state) {
    return ("{'QueryLanguage': 'JSONata', 'StartAt': 'S', 'States': {'S': " + state + "}}")
        .replace('\'', '"');
  }

  static String machine(String states, String startAt) {
    return ("{'StartAt': '" + startAt + "', 'States': " + states + "}").replace('\'', '"');
  }
}
