package io.stepwise.engine.conformance;

/**
 * The verdict on one case: passed, or why not.
 *
 * @param historyNotCompared why the case's recorded history was not compared (it is of another run
 *     than the case describes, {@link RecordedRunCheck}); null when it was, or there is none
 */
public record CaseResult(
    String id, String category, boolean passed, String reason, String historyNotCompared) {
  static CaseResult pass(ConformanceCase c) {
    return new CaseResult(c.id(), c.category(), true, null, null);
  }

  static CaseResult fail(ConformanceCase c, String reason) {
    return new CaseResult(c.id(), c.category(), false, reason, null);
  }

  /** The same verdict, noting why the history was not compared. */
  CaseResult historyNotCompared(String why) {
    return new CaseResult(id, category, passed, reason, why);
  }
}
