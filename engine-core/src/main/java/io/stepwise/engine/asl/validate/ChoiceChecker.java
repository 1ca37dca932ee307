package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.QueryLanguage;

/** Choice states: a non-empty list of rules, each with a Next, and an optional Default. */
record ChoiceChecker() implements StateTypeChecks {
  @Override
  public void check(
      JsonNode state, String pointer, QueryLanguage language, Machine machine, Findings findings) {
    FieldRules.string(state, pointer, "Default", findings);
    JsonNode choices = state.get("Choices");
    if (choices == null) {
      return;
    }
    String at = pointer + "/Choices";
    if (!choices.isArray() || choices.isEmpty()) {
      findings.schema(at, "The field 'Choices' must be a non-empty ARRAY");
      return;
    }
    ChoiceRuleChecker rules = new ChoiceRuleChecker(language, findings);
    for (int i = 0; i < choices.size(); i++) {
      rules.checkTopLevel(choices.get(i), at + "[" + i + "]");
    }
  }
}
