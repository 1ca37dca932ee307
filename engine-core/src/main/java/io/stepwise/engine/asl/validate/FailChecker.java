package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.QueryLanguage;

/** Fail states: Error and Cause, each as a literal or (JSONPath) as a path or intrinsic call. */
record FailChecker() implements StateTypeChecks {
  @Override
  public void check(
      JsonNode state, String pointer, QueryLanguage language, Machine machine, Findings findings) {
    FieldRules.string(state, pointer, "Error", findings);
    FieldRules.string(state, pointer, "Cause", findings);
    if (language == QueryLanguage.JSONPATH) {
      FieldRules.exclusive(state, pointer, "Error", "ErrorPath", findings);
      FieldRules.exclusive(state, pointer, "Cause", "CausePath", findings);
      FieldRules.pathOrIntrinsic(state, pointer, "ErrorPath", findings);
      FieldRules.pathOrIntrinsic(state, pointer, "CausePath", findings);
    } else {
      Jsonata.checkStrings(state.get("Error"), pointer + "/Error", "Error", findings);
      Jsonata.checkStrings(state.get("Cause"), pointer + "/Cause", "Cause", findings);
    }
  }
}
