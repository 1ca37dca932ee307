package io.stepwise.web.lineage;

import io.stepwise.web.execution.ExecutionView;
import io.stepwise.web.execution.StateRecord;
import io.stepwise.web.execution.StateStatus;
import java.util.List;

/**
 * What a redrive would do, shown before it is confirmed. AWS semantics: the same execution goes on
 * from the state that failed (or was running when it stopped or timed out), with that state's
 * input; states that succeeded are not run again, and inside a Parallel or Map only the branches
 * and iterations that did not succeed run again.
 *
 * @param from the state it goes on from, or null when the history names none
 * @param rerun states that failed or were cut short and will run again, {@code from} first
 */
public record RedrivePreview(ExecutionView view, String from, List<StateRecord> rerun) {

  static RedrivePreview of(ExecutionView view) {
    String failed = view.failedState();
    List<StateRecord> rerun =
        view.progress().reached().stream()
            .filter(r -> r.status() == StateStatus.FAILED || r.status() == StateStatus.CANCELLED)
            .sorted((a, b) -> a.name().equals(failed) ? -1 : b.name().equals(failed) ? 1 : 0)
            .toList();
    String from = failed == null && !rerun.isEmpty() ? rerun.getFirst().name() : failed;
    return new RedrivePreview(view, from, rerun);
  }
}
