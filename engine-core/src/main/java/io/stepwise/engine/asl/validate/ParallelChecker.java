package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.QueryLanguage;

/**
 * Parallel states: Branches is a non-empty list of objects (their states are checked as scopes of
 * their own by {@link ScopeWalker}), plus Retry and Catch.
 */
record ParallelChecker() implements StateTypeChecks {
  @Override
  public void check(
      JsonNode state, String pointer, QueryLanguage language, Machine machine, Findings findings) {
    JsonNode branches = state.get("Branches");
    if (branches != null) {
      if (!branches.isArray() || branches.isEmpty()) {
        findings.schema(pointer + "/Branches", "The field 'Branches' must be a non-empty ARRAY");
      } else {
        for (int i = 0; i < branches.size(); i++) {
          if (!branches.get(i).isObject()) {
            findings.schema(
                pointer + "/Branches[" + i + "]", "The value of a branch must be an OBJECT");
          }
        }
      }
    }
    ErrorHandlingChecker.check(state, pointer, language, findings);
  }
}
