package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.QueryLanguage;

/** Pass states: nothing beyond the common fields; Result is any JSON value. */
record PassChecker() implements StateTypeChecks {
  @Override
  public void check(
      JsonNode state, String pointer, QueryLanguage language, Machine machine, Findings findings) {
    // Result is a literal: a path in it is not evaluated (AWS's PASS_RESULT_IS_STATIC warning
    // is not given here, its wording being unknown).
  }
}
