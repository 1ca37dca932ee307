package io.stepwise.web.bulk;

import io.stepwise.engine.service.ExecutionSummary;
import io.stepwise.web.page.Paths;
import java.util.List;

/**
 * Where a bulk action has got: the outcomes of the chunk just done, the running totals and, unless
 * it is finished, the fields of the next chunk's request.
 */
public record BulkProgress(BulkAction action, BulkForm form, List<Outcome> outcomes) {
  /** One execution's outcome: done, or the service's refusal in its words. */
  public record Outcome(ExecutionSummary execution, boolean ok, String text) {
    public String path() {
      return Paths.execution(execution.executionArn());
    }
  }

  public boolean finished() {
    return form.cursor == null;
  }

  public int total() {
    return form.limit == null ? 0 : form.limit;
  }

  /** "7 of 12 done: 6 stopped, 1 refused or not possible". */
  public String summary() {
    String counted = form.done + " of " + Math.max(total(), form.done);
    return (finished() ? "Finished: " : "")
        + counted
        + " done: "
        + form.succeeded
        + " "
        + action.done()
        + ", "
        + form.failed
        + " refused or not possible";
  }
}
