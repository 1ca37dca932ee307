package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.QueryLanguage;

/** Succeed states: nothing beyond the common fields. */
record SucceedChecker() implements StateTypeChecks {
  @Override
  public void check(
      JsonNode state, String pointer, QueryLanguage language, Machine machine, Findings findings) {}
}
