package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.QueryLanguage;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Walks a definition scope by scope (the machine, then each Parallel branch and Map processor,
 * depth first) and runs the scope and state checks on each.
 */
final class ScopeWalker {
  /** AWS's limit on the length of a state name. */
  private static final int NAME_MAX = 80;

  private final Findings findings;
  private final ScopeChecker scopes;
  private final StateChecker states;

  /** State names must be unique across the whole machine, branches and processors included. */
  private final Set<String> names = new HashSet<>();

  ScopeWalker(Machine machine, Findings findings) {
    this.findings = findings;
    this.scopes = new ScopeChecker(findings);
    this.states = new StateChecker(machine, findings);
  }

  void walk(Scope scope) {
    if (!scope.node().isObject() || !scopes.checkFields(scope)) {
      return;
    }
    for (Map.Entry<String, JsonNode> e : scope.node().get("States").properties()) {
      String name = e.getKey();
      String pointer = scope.statePointer(name);
      checkName(name, pointer);
      JsonNode state = e.getValue();
      QueryLanguage language = DeclaredLanguage.of(state, scope.language());
      if (states.check(state, pointer, language)) {
        walkChildren(state, pointer, language);
      }
    }
    scopes.checkTransitions(scope);
  }

  private void checkName(String name, String pointer) {
    if (!names.add(name)) {
      findings.add(Findings.DUPLICATE_STATE_NAME, pointer, "Duplicate State name: " + name);
    }
    if (name.isEmpty() || name.codePointCount(0, name.length()) > NAME_MAX) {
      findings.add(
          Findings.INVALID_STATE_NAME,
          pointer,
          "State name must be between 1 and " + NAME_MAX + " characters long");
    }
  }

  private void walkChildren(JsonNode state, String pointer, QueryLanguage language) {
    JsonNode branches = state.get("Branches");
    if (state.path("Type").asText("").equals("Parallel")
        && branches != null
        && branches.isArray()) {
      for (int i = 0; i < branches.size(); i++) {
        walk(
            new Scope(
                branches.get(i), pointer + "/Branches[" + i + "]", language, Scope.Kind.BRANCH));
      }
    }
    if (state.path("Type").asText("").equals("Map")) {
      walkProcessor(state, pointer, "ItemProcessor", Scope.Kind.ITEM_PROCESSOR, language);
      walkProcessor(state, pointer, "Iterator", Scope.Kind.ITERATOR, language);
    }
  }

  private void walkProcessor(
      JsonNode state, String pointer, String field, Scope.Kind kind, QueryLanguage language) {
    JsonNode processor = state.get(field);
    if (processor != null) {
      QueryLanguage inner = DeclaredLanguage.of(processor, language);
      walk(new Scope(processor, pointer + "/" + field, inner, kind));
    }
  }
}
