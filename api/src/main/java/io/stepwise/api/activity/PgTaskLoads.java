package io.stepwise.api.activity;

import io.stepwise.api.persistence.Database;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The open tasks of the {@code tasks} table, counted per resource for the activities page. */
@ApplicationScoped
public class PgTaskLoads {
  private final Database db;

  public PgTaskLoads(Database db) {
    this.db = db;
  }

  /**
   * A resource's open tasks: {@code waiting} for a worker (the oldest since {@code oldestWait}),
   * {@code inProgress} with a worker, of which {@code heartbeatsOverdue} missed their heartbeat (a
   * claimed task's lease is its HeartbeatSeconds, renewed by each heartbeat).
   */
  public record Load(
      String resource, long waiting, Instant oldestWait, long inProgress, long heartbeatsOverdue) {}

  /**
   * The loads of every resource with open tasks of executions of the {@code owners}' state machines
   * (null: of all), by resource. Reads only open tasks (the partial index of open tasks by resource
   * covers them).
   */
  public List<Load> open(Set<String> owners) {
    List<Load> out = new ArrayList<>();
    for (Row row :
        db.query(
            "SELECT t.resource,"
                + " count(*) FILTER (WHERE t.state = 'OPEN') AS waiting,"
                + " min(t.created_at) FILTER (WHERE t.state = 'OPEN') AS oldest,"
                + " count(*) FILTER (WHERE t.state = 'CLAIMED') AS in_progress,"
                + " count(*) FILTER (WHERE t.state = 'CLAIMED' AND t.heartbeat_seconds IS NOT NULL"
                + " AND t.lease_until < now()) AS overdue"
                + " FROM tasks t JOIN executions e ON e.arn = t.execution_arn"
                + " WHERE t.state IN ('OPEN', 'CLAIMED')"
                + " AND ($1::text[] IS NULL OR split_part(e.state_machine_arn, '/', 1) = ANY($1))"
                + " GROUP BY t.resource ORDER BY t.resource",
            // One parameter: the array itself, not spread into the varargs.
            (Object) (owners == null ? null : owners.toArray(String[]::new)))) {
      out.add(
          new Load(
              row.getString("resource"),
              row.getLong("waiting"),
              row.getValue("oldest") == null ? null : Database.instant(row, "oldest"),
              row.getLong("in_progress"),
              row.getLong("overdue")));
    }
    return out;
  }
}
