package io.stepwise.api.runtime;

import io.stepwise.engine.interpret.ExecutionSnapshot;
import java.util.List;

/**
 * An execution about to be inserted: its first snapshot, the definition it runs (kept by its text,
 * once for every execution that runs it, so updating the machine does not change running
 * executions) and its links.
 *
 * @param type STANDARD or EXPRESS
 * @param parentArn the execution that started it (a nested execution or a Map Run's child)
 * @param parentToken the parent's task token that the end of this execution answers
 * @param mapRunArn the Map Run it belongs to
 * @param versionArn the version it was started from, when started through a version or alias
 * @param aliasArn the alias it was started through
 * @param testCase the Step Functions Local test case whose mocks answer its tasks
 * @param startedBy who started it (name, verified address), null to inherit the parent's
 */
public record NewExecution(
    ExecutionSnapshot snapshot,
    String definition,
    String type,
    String parentArn,
    String parentToken,
    String mapRunArn,
    String versionArn,
    String aliasArn,
    String testCase,
    List<String> startedBy) {

  /** A top-level execution without links. */
  public static NewExecution of(ExecutionSnapshot snapshot, String definition, String type) {
    return new NewExecution(snapshot, definition, type, null, null, null, null, null, null, null);
  }
}
