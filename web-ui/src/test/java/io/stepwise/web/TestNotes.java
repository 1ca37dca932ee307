package io.stepwise.web;

import io.stepwise.web.execution.ExecutionNote;
import io.stepwise.web.execution.ExecutionNotes;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Notes as another module would add them: executions named {@code noted…} get one with markup in
 * its text (the page must escape it), executions named {@code broken…} make this provider fail.
 */
@ApplicationScoped
public class TestNotes implements ExecutionNotes {
  @Override
  public List<ExecutionNote> notes(String executionArn) {
    String name = executionArn.substring(executionArn.lastIndexOf(':') + 1);
    if (name.startsWith("broken")) throw new IllegalStateException("notes unavailable");
    if (!name.startsWith("noted")) return List.of();
    return List.of(
        new ExecutionNote(
            "approval-pending",
            "Waiting for <b>Ship?</b>",
            "Decide",
            "/approvals/inbox?execution=" + executionArn));
  }
}
