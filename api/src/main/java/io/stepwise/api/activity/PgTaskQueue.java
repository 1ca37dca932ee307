package io.stepwise.api.activity;

import io.stepwise.api.persistence.Database;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code tasks} table as a work queue: workers claim the oldest open task of a resource with
 * {@code SELECT ... FOR UPDATE SKIP LOCKED}, which holds it under a lease. A lease that runs out (a
 * worker died) makes the task claimable again, so tasks are delivered at least once; the token is
 * the idempotency key of the answers. Any number of server processes may share the table.
 */
@ApplicationScoped
public class PgTaskQueue {
  private final Database db;
  private final int defaultLeaseSeconds;

  public PgTaskQueue(
      Database db,
      @ConfigProperty(name = "stepwise.task-lease-seconds", defaultValue = "300")
          int defaultLeaseSeconds) {
    this.db = db;
    this.defaultLeaseSeconds = defaultLeaseSeconds;
  }

  /** A task handed to a worker. */
  public record ClaimedTask(String token, String executionArn, String input, String kind) {}

  /** A task row as the callbacks see it. */
  public record TaskState(String token, String executionArn, boolean open) {}

  /**
   * Claims the oldest open task of the resource, or one whose lease ran out. The lease lasts the
   * task's HeartbeatSeconds (the worker extends it by heartbeats), else its TimeoutSeconds, else
   * {@code stepwise.task-lease-seconds}.
   */
  public Optional<ClaimedTask> claim(String resource, String workerName, String leaseOwner) {
    return db.inTransaction(
        sql -> {
          for (Row row :
              sql.query(
                  "SELECT token, execution_arn, input, kind FROM tasks WHERE resource = $1 AND"
                      + " (state = 'OPEN' OR (state = 'CLAIMED' AND lease_until < now()))"
                      + " ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED",
                  resource)) {
            String token = row.getString("token");
            sql.query(
                "UPDATE tasks SET state = 'CLAIMED', worker_name = $2, lease_owner = $3,"
                    + " lease_until = now() + make_interval(secs => COALESCE(heartbeat_seconds,"
                    + " timeout_seconds, $4)) WHERE token = $1",
                token,
                workerName,
                leaseOwner,
                defaultLeaseSeconds);
            return Optional.of(
                new ClaimedTask(
                    token,
                    row.getString("execution_arn"),
                    row.getString("input"),
                    row.getString("kind")));
          }
          return Optional.empty();
        });
  }

  public Optional<TaskState> find(String token) {
    for (Row row : db.query("SELECT execution_arn, state FROM tasks WHERE token = $1", token)) {
      String state = row.getString("state");
      return Optional.of(
          new TaskState(
              token,
              row.getString("execution_arn"),
              state.equals("OPEN") || state.equals("CLAIMED")));
    }
    return Optional.empty();
  }

  /** A heartbeat: the claim's lease starts again. */
  public void extendLease(String token) {
    db.query(
        "UPDATE tasks SET heartbeat_at = now(), lease_until = now() + make_interval(secs =>"
            + " COALESCE(heartbeat_seconds, timeout_seconds, $2)) WHERE token = $1 AND state ="
            + " 'CLAIMED'",
        token,
        defaultLeaseSeconds);
  }
}
