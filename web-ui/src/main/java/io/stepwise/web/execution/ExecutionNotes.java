package io.stepwise.web.execution;

import java.util.List;

/**
 * An extension point of the execution page: a module assembled into the same server adds short
 * notes about an execution, such as a decision the execution waits for, each with a link. This
 * module knows none of them; the server provides them as CDI beans. They are asked on a worker
 * thread for each page view and each live update of a running execution, so they answer quickly; a
 * provider that fails is left out of that page.
 */
public interface ExecutionNotes {
  /** Notes about this execution, in the order to show them; empty when there is nothing to say. */
  List<ExecutionNote> notes(String executionArn);
}
