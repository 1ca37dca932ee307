package io.stepwise.api.execution;

import io.stepwise.api.caller.Caller;
import io.stepwise.api.persistence.Database;
import io.stepwise.engine.service.ExecutionStarts;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Who started an execution: recorded with the execution's row by StartExecution ({@code
 * executions.started_by}; nested executions inherit it), read by approvals that keep the starter
 * from deciding ({@code PreventSelfApproval}) and shown on the execution page.
 */
@ApplicationScoped
public class StartedBy implements ExecutionStarts {
  private final Database db;

  public StartedBy(Database db) {
    this.db = db;
  }

  /** The identities of a caller as recorded: their name and verified address; none if anonymous. */
  public static List<String> of(Caller caller) {
    if (caller == null || !caller.signedIn()) return List.of();
    List<String> who = new ArrayList<>();
    who.add(caller.name());
    if (caller.email() != null && !caller.email().isBlank()) who.add(caller.email());
    return List.copyOf(who);
  }

  @Override
  public List<String> startedBy(String executionArn) {
    for (Row row : db.query("SELECT started_by FROM executions WHERE arn = $1", executionArn)) {
      String[] who = row.getArrayOfStrings("started_by");
      return who == null ? List.of() : List.copyOf(Arrays.asList(who));
    }
    return List.of();
  }
}
