package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one scope as a whole: its own fields (StartAt, States, and for the machine Version,
 * TimeoutSeconds, QueryLanguage) and that its transitions stay inside it.
 */
final class ScopeChecker {
  private static final Set<String> MACHINE_FIELDS =
      Set.of("Comment", "StartAt", "States", "Version", "TimeoutSeconds", "QueryLanguage");
  private static final Set<String> BRANCH_FIELDS =
      Set.of("Comment", "StartAt", "States", "QueryLanguage");
  private static final Set<String> PROCESSOR_FIELDS =
      Set.of("Comment", "StartAt", "States", "QueryLanguage", "ProcessorConfig");

  private final Findings findings;

  ScopeChecker(Findings findings) {
    this.findings = findings;
  }

  /**
   * Checks the scope's own fields.
   *
   * @return true when its States can be looked into
   */
  boolean checkFields(Scope scope) {
    JsonNode node = scope.node();
    List<String> missing = new ArrayList<>();
    // AWS lists States before StartAt (validate_api/..._not_a_definition_empty_dict).
    for (String field : List.of("States", "StartAt")) {
      if (!node.has(field)) {
        missing.add(field);
      }
    }
    if (!missing.isEmpty()) {
      findings.schema(scope.pointer(), "These fields are required: " + missing);
    }
    Set<String> allowed =
        switch (scope.kind()) {
          case MACHINE -> MACHINE_FIELDS;
          case BRANCH -> BRANCH_FIELDS;
          case ITERATOR, ITEM_PROCESSOR -> PROCESSOR_FIELDS;
        };
    for (String field : FieldRules.names(node)) {
      if (!allowed.contains(field)) {
        findings.schema(scope.pointer(), "Field '" + field + "' is not supported");
      }
    }
    FieldRules.string(node, scope.pointer(), "StartAt", findings);
    FieldRules.string(node, scope.pointer(), "Comment", findings);
    if (scope.kind() == Scope.Kind.MACHINE) {
      FieldRules.string(node, scope.pointer(), "Version", findings);
      FieldRules.integer(node, scope.pointer(), "TimeoutSeconds", 1, false, findings);
      JsonNode ql = node.get("QueryLanguage");
      if (ql != null && !(ql.asText("").equals("JSONPath") || ql.asText("").equals("JSONata"))) {
        findings.schema(
            "/QueryLanguage",
            "The field 'QueryLanguage' should have one of these values: [JSONPath, JSONata]");
      }
    }
    JsonNode states = node.get("States");
    if (states == null) {
      return false;
    }
    if (!states.isObject()) {
      findings.schema(
          scope.pointer() + "/States", "The value for the field 'States' must be an OBJECT");
      return false;
    }
    return true;
  }

  /**
   * Checks that StartAt and every Next, Default and Catch Next name a state of this scope, that
   * every state is named by some transition, and that the scope can end.
   */
  void checkTransitions(Scope scope) {
    JsonNode states = scope.node().get("States");
    if (!scope.node().path("StartAt").isTextual()) {
      // Without a StartAt AWS reports only the missing field
      // (validate_api/..._invalid_base_no_startat), not every state as unreachable.
      return;
    }
    List<StateReference> transitions = StateReference.of(scope);
    for (StateReference t : transitions) {
      if (!states.has(t.target())) {
        findings.add(
            Findings.MISSING_TRANSITION_TARGET,
            t.location(),
            "Missing '" + t.field() + "' target: " + t.target());
      }
    }
    Set<String> targeted = new java.util.HashSet<>();
    transitions.forEach(t -> targeted.add(t.target()));
    boolean terminal = false;
    for (Map.Entry<String, JsonNode> e : states.properties()) {
      if (!targeted.contains(e.getKey())) {
        // The message and its " at" placement are AWS's (localstack/localstack#12487).
        findings.add(
            Findings.MISSING_TRANSITION_TARGET,
            scope.statePointer(e.getKey()),
            "State \"" + e.getKey() + "\" is not reachable.");
      }
      terminal |= isTerminal(e.getValue());
    }
    if (!terminal && !states.isEmpty()) {
      findings.add(Findings.MISSING_END_STATE, scope.pointer(), "Workflow has no terminal state");
    }
  }

  private static boolean isTerminal(JsonNode state) {
    String type = state.path("Type").asText("");
    return StateFields.isTerminalType(type) || state.path("End").asBoolean(false);
  }
}
