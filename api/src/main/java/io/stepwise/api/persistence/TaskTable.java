package io.stepwise.api.persistence;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The {@code tasks} table, every statement that reads or writes it: one row per task a step
 * dispatched (the outbox), claimed by workers with {@code SKIP LOCKED} under a lease, or held by
 * the server itself ({@link LeaseOwner}); its answer closes it. A row is OPEN (queued), CLAIMED (a
 * worker, the server or a child execution holds it), or closed (SUCCEEDED, FAILED, CANCELLED, with
 * {@code closed_at} set, which the queue's partial index reads).
 *
 * <p>Methods that take a {@link Database.Sql} run inside the caller's transaction; the others are
 * statements of their own.
 */
@ApplicationScoped
public class TaskTable {
  /** A task is open while it can still be answered. */
  private static final String OPEN = "state IN ('OPEN', 'CLAIMED')";

  private final Database db;

  public TaskTable(Database db) {
    this.db = db;
  }

  /** A task row as the answers and the effects read it. */
  public record Task(
      String token,
      String executionArn,
      String resource,
      String kind,
      String pattern,
      String state,
      LeaseOwner owner) {
    public boolean open() {
      return state.equals("OPEN") || state.equals("CLAIMED");
    }
  }

  /** A task an ending step (or a CancelTask) closed, for telling whoever served it. */
  public record Cancelled(String token, LeaseOwner owner, String childArn) {
    static Cancelled of(Row row) {
      return new Cancelled(
          row.getString("token"),
          LeaseOwner.of(row.getString("lease_owner")),
          row.getString("child_arn"));
    }
  }

  // --- What a step writes (inside its transaction) ---

  /**
   * A dispatched task: OPEN for the workers when {@code owner} is null, else CLAIMED at once by the
   * server itself for the owner's lease. A token already there is left alone (a repeated step).
   */
  public void insertDispatched(
      Database.Sql sql,
      String token,
      String executionArn,
      String resource,
      String kind,
      String pattern,
      String stateName,
      String input,
      Integer heartbeatSeconds,
      Integer timeoutSeconds,
      LeaseOwner owner) {
    sql.send(
        "INSERT INTO tasks (token, execution_arn, resource, kind, pattern, state_name, input,"
            + " state, heartbeat_seconds, timeout_seconds, created_at, lease_owner, lease_until)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $10::text IS NULL THEN 'OPEN' ELSE"
            + " 'CLAIMED' END, $8, $9, now(), $10, CASE WHEN $10::text IS NULL THEN NULL WHEN"
            + " $11::int IS NULL THEN 'infinity' ELSE now() + make_interval(secs => $11) END)"
            + " ON CONFLICT (token) DO NOTHING",
        token,
        executionArn,
        resource,
        kind,
        pattern,
        stateName,
        input,
        heartbeatSeconds,
        timeoutSeconds,
        owner == null ? null : owner.column(),
        owner == null ? null : owner.leaseSeconds());
  }

  /**
   * Work the server does itself (its kind is also its resource), held by {@link
   * LeaseOwner#INTERNAL}.
   */
  public void insertInternal(
      Database.Sql sql,
      String token,
      String executionArn,
      String kind,
      String stateName,
      String input) {
    insertDispatched(
        sql,
        token,
        executionArn,
        kind,
        kind,
        "REQUEST_RESPONSE",
        stateName,
        input,
        null,
        null,
        LeaseOwner.INTERNAL);
  }

  /** The task a distributed Map's child execution answers when it ends. */
  public void insertChildLink(
      Database.Sql sql, String token, String executionArn, String childName, String childArn) {
    sql.send(
        "INSERT INTO tasks (token, execution_arn, resource, kind, pattern, state_name, input,"
            + " state, created_at, lease_owner, lease_until, child_arn) VALUES ($1, $2,"
            + " 'stepwise:child', 'CHILD', 'SYNC', $3, '{}', 'CLAIMED', now(), $5,"
            + " 'infinity', $4) ON CONFLICT (token) DO NOTHING",
        token,
        executionArn,
        childName,
        childArn,
        LeaseOwner.CHILD.column());
  }

  /** Cancels one open task; {@code cancelled} gets it (before the commit) when it was open. */
  public void cancel(Database.Sql sql, String token, Consumer<Cancelled> cancelled) {
    sql.send(
        rows -> rows.forEach(row -> cancelled.accept(Cancelled.of(row))),
        "UPDATE tasks SET state = 'CANCELLED', closed_at = now() WHERE token = $1 AND "
            + OPEN
            + " RETURNING token, lease_owner, child_arn",
        token);
  }

  /**
   * The statement that cancels every open task of the execution {@code $1}, as the last part of an
   * ending step's statement (its rows read with {@link #cancelled}).
   */
  public static final String CANCEL_ALL_OF_EXECUTION =
      "UPDATE tasks SET state = 'CANCELLED', closed_at = now() WHERE execution_arn = $1 AND "
          + OPEN
          + " RETURNING token, lease_owner, child_arn";

  /** The tasks {@link #CANCEL_ALL_OF_EXECUTION} returned. */
  public static List<Cancelled> cancelled(RowSet<Row> rows) {
    List<Cancelled> out = new ArrayList<>();
    for (Row row : rows) out.add(Cancelled.of(row));
    return out;
  }

  // --- Answers ---

  /**
   * Closes an open task with its answer's state (SUCCEEDED or FAILED); false when it was closed
   * already (answered, timed out, cancelled).
   */
  public boolean close(Database.Sql sql, String token, String state) {
    return sql.query(closeStatement(), token, state).rowCount() == 1;
  }

  /** {@link #close} sent with others, its rows read later. */
  public Database.Pending submitClose(Database.Sql sql, String token, String state) {
    return sql.submit(closeStatement(), token, state);
  }

  private static String closeStatement() {
    return "UPDATE tasks SET state = $2, closed_at = now() WHERE token = $1 AND " + OPEN;
  }

  /** Closes those of the tasks that are open, each with its state; returns the ones it closed. */
  public Database.Pending submitCloseAll(Database.Sql sql, String[] tokens, String[] states) {
    return sql.submit(
        "UPDATE tasks SET state = a.state, closed_at = now() FROM unnest($1::text[],"
            + " $2::text[]) AS a(token, state) WHERE tasks.token = a.token AND tasks."
            + OPEN
            + " RETURNING tasks.token",
        tokens,
        states);
  }

  /**
   * Locks the execution of the task with the token ({@code executionColumns}: of the executions row
   * aliased {@code e}); the row also has the task's resource as {@code task_resource}.
   */
  public Database.Pending submitLockExecutionOf(
      Database.Sql sql, String token, String executionColumns) {
    return sql.submit(
        "SELECT "
            + executionColumns
            + ", t.resource AS task_resource FROM tasks t JOIN executions e ON e.arn ="
            + " t.execution_arn WHERE t.token = $1 FOR UPDATE OF e",
        token);
  }

  /**
   * Locks the executions of the tasks with the tokens, in ARN order (two transactions doing so
   * never deadlock); each row names its task's {@code token} and {@code task_resource}.
   */
  public Database.Pending submitLockExecutionsOf(
      Database.Sql sql, String[] tokens, String executionColumns) {
    return sql.submit(
        "SELECT t.token, "
            + executionColumns
            + ", t.resource AS task_resource FROM tasks t JOIN executions e ON e.arn ="
            + " t.execution_arn WHERE t.token = ANY($1::text[]) ORDER BY e.arn FOR UPDATE OF e",
        (Object) tokens);
  }

  /** Whether the task can still be answered (a heartbeat's check). */
  public boolean isOpen(Database.Sql sql, String token) {
    return sql.query("SELECT 1 FROM tasks WHERE token = $1 AND " + OPEN, token).rowCount() == 1;
  }

  /** The task with the token. */
  public Optional<Task> find(String token) {
    for (Row row :
        db.query(
            "SELECT token, execution_arn, resource, kind, pattern, state, lease_owner FROM tasks"
                + " WHERE token = $1",
            token)) {
      return Optional.of(
          new Task(
              row.getString("token"),
              row.getString("execution_arn"),
              row.getString("resource"),
              row.getString("kind"),
              row.getString("pattern"),
              row.getString("state"),
              LeaseOwner.of(row.getString("lease_owner"))));
    }
    return Optional.empty();
  }

  // --- The server's own tasks ---

  /** A mocked task the test case has no answer for goes to the workers after all. */
  public void reopenForWorkers(String token) {
    db.query(
        "UPDATE tasks SET state = 'OPEN', lease_owner = NULL, lease_until = NULL WHERE token = $1"
            + " AND state = 'CLAIMED'",
        token);
  }

  /**
   * How many mocked tasks of the state the execution dispatched before this one: the invocation a
   * test case's answer is chosen by.
   */
  public long earlierMocks(String executionArn, String stateName, String token) {
    for (Row row :
        db.query(
            "SELECT count(*) AS n FROM tasks WHERE execution_arn = $1 AND state_name = $2 AND"
                + " kind = 'MOCK' AND token <> $3 AND created_at <= (SELECT created_at FROM tasks"
                + " WHERE token = $3)",
            executionArn,
            stateName,
            token)) {
      return row.getLong("n");
    }
    return 0;
  }

  /**
   * A nested Express child lives in one server's memory: its task keeps that server's lease this
   * long, so that when the server dies the recovery sweep starts the child again.
   */
  public void holdForExpressChild(String token, double seconds) {
    db.query(
        "UPDATE tasks SET lease_until = now() + make_interval(secs => $2) WHERE token = $1"
            + " AND state = 'CLAIMED'",
        token,
        seconds);
  }

  /** A nested {@code .sync} start: the child execution answers the task when it ends. */
  public void linkChild(String token, String childArn) {
    db.query(
        "UPDATE tasks SET lease_owner = $3, lease_until = 'infinity', child_arn = $2"
            + " WHERE token = $1 AND state = 'CLAIMED'",
        token,
        childArn,
        LeaseOwner.CHILD.column());
  }

  /** A nested {@code .waitForTaskToken} start: the task waits for its callback. */
  public void holdForCallback(String token) {
    db.query(
        "UPDATE tasks SET lease_owner = $2, lease_until = 'infinity' WHERE token = $1"
            + " AND state = 'CLAIMED'",
        token,
        LeaseOwner.CHILD.column());
  }

  // --- Recovery ---

  /** Children that ended while their parent's task still waits (at most {@code limit}). */
  public RowSet<Row> endedChildren(int limit) {
    return db.query(
        "SELECT t.execution_arn, t.token, t.child_arn FROM tasks t JOIN executions c ON c.arn"
            + " = t.child_arn WHERE t.state = 'CLAIMED' AND c.status <> 'RUNNING' LIMIT $1",
        limit);
  }

  /**
   * Takes over (for another minute) the server's own work whose lease ran out: its process died or
   * never got to it. Rows: token, execution_arn, kind, resource, pattern, state_name, input,
   * timeout_seconds, heartbeat_seconds.
   */
  public RowSet<Row> takeOverLapsedInternal(int limit) {
    return db.query(
        "UPDATE tasks SET lease_until = now() + make_interval(secs => $2) WHERE token IN (SELECT"
            + " token FROM tasks WHERE internal AND closed_at IS NULL AND state = 'CLAIMED' AND"
            + " lease_until < now() LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING token,"
            + " execution_arn, kind, resource, pattern, state_name, input, timeout_seconds,"
            + " heartbeat_seconds",
        limit,
        LeaseOwner.INTERNAL.leaseSeconds());
  }

  /**
   * Every open task served inside the server, with its execution's machine. Rows: token, resource,
   * state_name, execution_arn, state_machine_arn, input, timeout_seconds, heartbeat_seconds.
   */
  public RowSet<Row> openBuiltIns() {
    return db.query(
        "SELECT t.token, t.resource, t.state_name, t.execution_arn, e.state_machine_arn,"
            + " t.input, t.timeout_seconds, t.heartbeat_seconds FROM tasks t JOIN executions e"
            + " ON e.arn = t.execution_arn WHERE t.lease_owner = $1 AND t.state = 'CLAIMED'",
        LeaseOwner.BUILT_IN.column());
  }

  // --- The workers' queue ---

  /** Open tasks of the resource ($1), or tasks whose lease ran out. */
  private static final String CLAIMABLE =
      " WHERE t.resource = $1 AND t.closed_at IS NULL AND (t.state = 'OPEN' OR t.lease_until <"
          + " now())";

  private static final String OLDEST = " ORDER BY t.created_at LIMIT 1";

  /**
   * What a claim returns of a task row aliased {@code t}: token, execution_arn, input, kind, state,
   * heartbeat_seconds.
   */
  private static final String CLAIMED_COLUMNS =
      "SELECT t.token, t.execution_arn, t.input, t.kind, t.state, t.heartbeat_seconds FROM tasks t";

  /**
   * When a claim's lease ends: after the task's HeartbeatSeconds, else its TimeoutSeconds, else the
   * default ($4).
   */
  private static final String LEASE_END =
      "now() + make_interval(secs => COALESCE(heartbeat_seconds, timeout_seconds, $4))";

  /** The execution of the resource's oldest claimable task, without locking anything. */
  public RowSet<Row> oldestClaimableExecution(Database.Sql sql, String resource) {
    return sql.query("SELECT t.execution_arn FROM tasks t" + CLAIMABLE + OLDEST, resource);
  }

  /** Locks the oldest claimable task of the resource and execution ({@code SKIP LOCKED}). */
  public RowSet<Row> lockOldestOf(Database.Sql sql, String resource, String executionArn) {
    return sql.query(
        CLAIMED_COLUMNS
            + CLAIMABLE
            + " AND t.execution_arn = $2"
            + OLDEST
            + " FOR UPDATE OF t SKIP LOCKED",
        resource,
        executionArn);
  }

  /**
   * Locks up to {@code count} of the resource's oldest claimable tasks, each together with its
   * execution's row (both {@code SKIP LOCKED}).
   */
  public RowSet<Row> lockOldestWithExecutions(Database.Sql sql, String resource, int count) {
    return sql.query(
        CLAIMED_COLUMNS
            + " JOIN executions e ON e.arn = t.execution_arn"
            + CLAIMABLE
            + " ORDER BY t.created_at LIMIT $2 FOR UPDATE OF e, t SKIP LOCKED",
        resource,
        count);
  }

  /** Claims the locked task for the worker under the lease owner's lease. */
  public void claim(
      Database.Sql sql, String token, String workerName, String leaseOwner, int defaultLease) {
    sql.send(
        "UPDATE tasks SET state = 'CLAIMED', worker_name = $2, lease_owner = $3, lease_until = "
            + LEASE_END
            + " WHERE token = $1",
        token,
        workerName,
        leaseOwner,
        defaultLease);
  }

  /**
   * One statement claiming up to one of the resource's oldest claimable tasks per worker name, the
   * n-th task for the n-th name; rows: n (from 1), token, execution_arn, input, kind,
   * heartbeat_seconds. It commits without waiting for its WAL flush (only a crash of PostgreSQL
   * itself can then forget the claim, and the task is handed out again, as after a lease).
   */
  public CompletionStage<RowSet<Row>> claimEach(
      String resource, String[] workerNames, String leaseOwner, int defaultLease) {
    return db.queryAsync(
        "WITH picked AS (SELECT token, row_number() OVER () AS n FROM (SELECT t.token FROM"
            + " tasks t"
            + CLAIMABLE
            + " ORDER BY t.created_at LIMIT cardinality($2::text[]) FOR UPDATE SKIP LOCKED)"
            + " oldest) UPDATE tasks SET state = 'CLAIMED', worker_name = w.name, lease_owner"
            + " = $3, lease_until = "
            + LEASE_END
            + " FROM picked JOIN unnest($2::text[]) WITH ORDINALITY AS w(name, n) ON w.n ="
            + " picked.n WHERE tasks.token = picked.token RETURNING w.n, tasks.token,"
            + " tasks.execution_arn, tasks.input, tasks.kind, tasks.heartbeat_seconds,"
            + " set_config('synchronous_commit', 'off', true) AS commit_without_flush",
        resource,
        workerNames,
        leaseOwner,
        defaultLease);
  }

  /** A heartbeat: the worker's claim lasts its HeartbeatSeconds (else ...) from now. */
  public void extendLease(String token, int defaultLease) {
    db.query(
        "UPDATE tasks SET heartbeat_at = now(), lease_until = now() + make_interval(secs =>"
            + " COALESCE(heartbeat_seconds, timeout_seconds, $2)) WHERE token = $1 AND state ="
            + " 'CLAIMED'",
        token,
        defaultLease);
  }

  /**
   * The queue's figures for the metrics, as a subquery aliased by the caller: open_tasks,
   * claimed_tasks, oldest_open (seconds), busy_workers. One pass over the open part of the queue
   * (its partial index), not four.
   */
  public static final String QUEUE_FIGURES =
      "(SELECT count(*) FILTER (WHERE state = 'OPEN') AS open_tasks,"
          + " count(*) FILTER (WHERE state = 'CLAIMED') AS claimed_tasks,"
          + " coalesce(extract(epoch FROM now() - min(created_at)"
          + " FILTER (WHERE state = 'OPEN')), 0)::float8 AS oldest_open,"
          + " count(DISTINCT worker_name) FILTER (WHERE state = 'CLAIMED') AS busy_workers"
          + " FROM tasks WHERE closed_at IS NULL)";
}
