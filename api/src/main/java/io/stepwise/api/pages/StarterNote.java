package io.stepwise.api.pages;

import io.stepwise.api.execution.StartedBy;
import io.stepwise.web.execution.ExecutionNote;
import io.stepwise.web.execution.ExecutionNotes;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The execution page's note of who started the execution (as StartExecution recorded it), which
 * approvals with {@code PreventSelfApproval} keep from deciding. The page is already authorized for
 * its caller when it asks for notes.
 */
@ApplicationScoped
public class StarterNote implements ExecutionNotes {
  private final StartedBy startedBy;

  public StarterNote(StartedBy startedBy) {
    this.startedBy = startedBy;
  }

  @Override
  public List<ExecutionNote> notes(String executionArn) {
    List<String> who = startedBy.startedBy(executionArn);
    if (who.isEmpty()) return List.of();
    return List.of(
        new ExecutionNote("started-by", "Started by " + String.join(", ", who), null, null));
  }
}
