package io.stepwise.engine.conformance;

/** The verdict on one case: passed, or why not. */
public record CaseResult(String id, String category, boolean passed, String reason) {
  static CaseResult pass(ConformanceCase c) {
    return new CaseResult(c.id(), c.category(), true, null);
  }

  static CaseResult fail(ConformanceCase c, String reason) {
    return new CaseResult(c.id(), c.category(), false, reason);
  }
}
