package io.stepwise.api.activity;

import io.stepwise.api.persistence.Database;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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

  /** This server process as the owner of the leases its claims take. */
  private final String leaseOwner = UUID.randomUUID().toString();

  /** Function tasks' polls, gathered into one claim statement per batch. */
  private final GatheredClaims<String> gatheredAlone = new GatheredClaims<>(this::claimEach);

  /** Activities' polls, gathered into one claiming transaction per batch. */
  private final GatheredClaims<HookedPoll> gatheredWithHooks;

  public PgTaskQueue(
      Database db,
      @ConfigProperty(name = "stepwise.task-lease-seconds", defaultValue = "300")
          int defaultLeaseSeconds) {
    this.db = db;
    this.defaultLeaseSeconds = defaultLeaseSeconds;
    this.gatheredWithHooks =
        new GatheredClaims<>(
            (resource, polls) ->
                CompletableFuture.supplyAsync(
                    () -> db.inTransaction(sql -> claimEachWithHook(sql, resource, polls)),
                    runnable -> Thread.ofVirtual().name("stepwise-claims").start(runnable)));
  }

  /**
   * A task handed to a worker. {@code firstClaim}: it was open, not taken back from a worker whose
   * lease ran out.
   */
  public record ClaimedTask(
      String token,
      String executionArn,
      String input,
      String kind,
      boolean firstClaim,
      Integer heartbeatSeconds) {

    /** From a claim's row (token, execution_arn, input, kind, heartbeat_seconds). */
    static ClaimedTask of(Row row, boolean firstClaim) {
      return new ClaimedTask(
          row.getString("token"),
          row.getString("execution_arn"),
          row.getString("input"),
          row.getString("kind"),
          firstClaim,
          row.getInteger("heartbeat_seconds"));
    }
  }

  /** Work done in the claiming transaction while it holds the task's and its execution's rows. */
  @FunctionalInterface
  public interface ClaimHook {
    void claimed(Database.Sql sql, ClaimedTask task);
  }

  /** A task row as the callbacks see it. */
  public record TaskState(String token, String executionArn, String resource, boolean open) {}

  /** Open tasks of the resource ($1), or tasks whose lease ran out. */
  private static final String CLAIMABLE =
      " WHERE t.resource = $1 AND t.closed_at IS NULL AND (t.state = 'OPEN' OR t.lease_until <"
          + " now())";

  private static final String OLDEST = " ORDER BY t.created_at LIMIT 1";

  private static final String CANDIDATES = CLAIMABLE + OLDEST;

  /** What a claim returns of a task row aliased {@code t}. */
  private static final String CLAIMED_COLUMNS =
      "SELECT t.token, t.execution_arn, t.input, t.kind, t.state, t.heartbeat_seconds FROM tasks t";

  /**
   * When a claim's lease ends: after the task's HeartbeatSeconds, else its TimeoutSeconds, else the
   * default ($4).
   */
  private static final String LEASE_END =
      "now() + make_interval(secs => COALESCE(heartbeat_seconds, timeout_seconds, $4))";

  private static final String CLAIM =
      "UPDATE tasks SET state = 'CLAIMED', worker_name = $2, lease_owner = $3, lease_until = "
          + LEASE_END;

  /**
   * Claims the oldest open task of the resource, or one whose lease ran out. The lease lasts the
   * task's HeartbeatSeconds (the worker extends it by heartbeats), else its TimeoutSeconds, else
   * {@code stepwise.task-lease-seconds}.
   *
   * <p>The task row is locked together with its execution's row, both with {@code SKIP LOCKED}, so
   * the hook can run a step of that execution in the same transaction (one commit where there were
   * two) without ever waiting for a lock in the opposite order of a step (execution row, then task
   * rows). When every candidate's execution is busy (a step holds its row), the claim waits for the
   * oldest candidate's execution row first and then takes that execution's task, so the hook still
   * runs in the claiming transaction: a claim is never committed without what the hook records (an
   * activity's ActivityStarted; when it was committed alone and the start could not be recorded
   * after it, during a database outage, the task was later handed out again with no ActivityStarted
   * in the history at all).
   *
   * <p>Polls of a resource arriving together share one claiming transaction ({@link
   * GatheredClaims}); a poll it found no free task for tries the busy executions' way alone.
   */
  public Optional<ClaimedTask> claim(String resource, String workerName, ClaimHook hook) {
    Optional<ClaimedTask> withExecution =
        gatheredWithHooks.claim(resource, new HookedPoll(workerName, hook));
    if (withExecution.isPresent()) return withExecution;
    return db.inTransaction(
        sql -> {
          for (Row candidate :
              sql.query("SELECT t.execution_arn FROM tasks t" + CANDIDATES, resource)) {
            String executionArn = candidate.getString("execution_arn");
            sql.query("SELECT 1 FROM executions WHERE arn = $1 FOR UPDATE", executionArn);
            for (Row row :
                sql.query(
                    CLAIMED_COLUMNS
                        + CLAIMABLE
                        + " AND t.execution_arn = $2"
                        + OLDEST
                        + " FOR UPDATE OF t SKIP LOCKED",
                    resource,
                    executionArn)) {
              return Optional.of(claimRow(sql, row, workerName, hook));
            }
          }
          return Optional.empty();
        });
  }

  /**
   * Claims the oldest open task of the resource (or one whose lease ran out) without a transaction
   * of its own and without touching the execution: for resources whose claim records nothing in the
   * history (everything but activities). Concurrent polls of a resource share one statement ({@link
   * GatheredClaims}).
   */
  public Optional<ClaimedTask> claimAlone(String resource, String workerName) {
    return gatheredAlone.claim(resource, workerName);
  }

  /** A poll whose claim runs a hook. */
  private record HookedPoll(String workerName, ClaimHook hook) {}

  /**
   * In one transaction, claims up to one of the resource's oldest claimable tasks per poll, each
   * locked together with its execution's row (both {@code SKIP LOCKED}), and runs each poll's hook
   * for its task. A hook that steps an execution whose other task an earlier hook of the batch
   * stepped reads the row that step wrote (its lock query comes after those writes).
   */
  private List<Optional<ClaimedTask>> claimEachWithHook(
      Database.Sql sql, String resource, List<HookedPoll> polls) {
    List<Optional<ClaimedTask>> out =
        new ArrayList<>(Collections.nCopies(polls.size(), Optional.empty()));
    int i = 0;
    for (Row row :
        sql.query(
            CLAIMED_COLUMNS
                + " JOIN executions e ON e.arn = t.execution_arn"
                + CLAIMABLE
                + " ORDER BY t.created_at LIMIT $2 FOR UPDATE OF e, t SKIP LOCKED",
            resource,
            polls.size())) {
      HookedPoll poll = polls.get(i);
      out.set(i++, Optional.of(claimRow(sql, row, poll.workerName(), poll.hook())));
    }
    return out;
  }

  /**
   * One statement claiming up to one of the resource's oldest claimable tasks per worker name, the
   * n-th task for the n-th name.
   *
   * <p>It commits without waiting for its WAL flush (the answer's commit flushes it at the latest).
   * Only a crash of PostgreSQL itself in the next fraction of a second can forget a claim, and then
   * the task is handed out again, as when a lease runs out: the first answer wins, a second gets
   * TaskTimedOut.
   */
  private CompletionStage<List<Optional<ClaimedTask>>> claimEach(
      String resource, List<String> workerNames) {
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
            workerNames.toArray(String[]::new),
            leaseOwner,
            defaultLeaseSeconds)
        .thenApply(
            rows -> {
              List<Optional<ClaimedTask>> out =
                  new ArrayList<>(Collections.nCopies(workerNames.size(), Optional.empty()));
              for (Row row : rows) {
                out.set((int) (row.getLong("n") - 1), Optional.of(ClaimedTask.of(row, false)));
              }
              return out;
            });
  }

  /** Claims the locked task row for the worker and runs the hook in the same transaction. */
  private ClaimedTask claimRow(Database.Sql sql, Row row, String workerName, ClaimHook hook) {
    String token = row.getString("token");
    sql.send(CLAIM + " WHERE token = $1", token, workerName, leaseOwner, defaultLeaseSeconds);
    ClaimedTask task = ClaimedTask.of(row, row.getString("state").equals("OPEN"));
    hook.claimed(sql, task);
    return task;
  }

  public Optional<TaskState> find(String token) {
    for (Row row :
        db.query("SELECT execution_arn, resource, state FROM tasks WHERE token = $1", token)) {
      String state = row.getString("state");
      return Optional.of(
          new TaskState(
              token,
              row.getString("execution_arn"),
              row.getString("resource"),
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
