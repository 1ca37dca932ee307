package io.stepwise.api.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.runtime.PgNotifications;
import io.stepwise.api.runtime.PgNotifier;
import io.stepwise.api.runtime.TaskAccess;
import io.stepwise.api.runtime.Wakeups;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.json.Json;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The tasks of Express executions. An Express execution lives in the memory of the server that runs
 * it (the owner), but its tasks wait in PostgreSQL's unlogged {@code express_tasks} table, so a
 * worker polling any server takes them with GetActivityTask, as durable tasks, and answers through
 * any server: an answer given elsewhere is stored on the row and the owner is told by NOTIFY. A
 * task is handed out once; it is gone when answered, when its execution stops waiting for it, or
 * (for tasks of a server that died) after the Express maximum duration.
 */
@ApplicationScoped
public class ExpressTaskQueue {
  private static final Logger LOG = Logger.getLogger(ExpressTaskQueue.class);

  /** NOTIFY channel: an Express task was queued (payload: its resource). */
  static final String QUEUED = "stepwise_express_task";

  /** NOTIFY channel: an answer for the owner (payload: owner, space, token). */
  static final String ANSWERED = "stepwise_express_answer";

  /** A task handed to a worker. */
  public record Claimed(String token, String input) {}

  private final String node = UUID.randomUUID().toString();

  /** A task of an execution running here, waiting for its answer. */
  private record Waiting(String executionArn, String resource, Consumer<Signal> answers) {}

  private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> hints = new ConcurrentHashMap<>();
  private final Map<String, Long> lastLook = new ConcurrentHashMap<>();
  private final Database db;
  private final Wakeups wakeups;
  private final PgNotifier notifier;
  private final Duration maxAge;
  private volatile long nextCleanUp;

  public ExpressTaskQueue(
      Database db,
      Wakeups wakeups,
      PgNotifier notifier,
      PgNotifications notifications,
      @ConfigProperty(name = "stepwise.express.max-duration", defaultValue = "5m")
          Duration maxDuration) {
    this.db = db;
    this.wakeups = wakeups;
    this.notifier = notifier;
    this.maxAge = maxDuration.plusMinutes(1);
    notifications.on(QUEUED, this::queuedElsewhere);
    notifications.on(ANSWERED, this::answeredElsewhere);
  }

  /** Queues a task of an Express execution running here; its answers go to {@code answers}. */
  public void offer(String executionArn, Command.DispatchTask task, Consumer<Signal> answers) {
    String resource = task.resource().arn();
    waiting.put(task.taskToken(), new Waiting(executionArn, resource, answers));
    db.query(
        "INSERT INTO express_tasks (token, resource, input, owner, execution_arn) VALUES ($1, $2,"
            + " $3, $4, $5)",
        task.taskToken(),
        resource,
        Json.write(task.input()),
        node,
        executionArn);
    hint(resource);
    notifier.publish(QUEUED, resource);
  }

  /**
   * Whether an Express task of the resource may be waiting: one was announced since the last look
   * found none, or the last look is a few seconds old (a NOTIFY can be lost).
   */
  public boolean mayHave(String resource) {
    AtomicLong hint = hints.get(resource);
    if (hint != null && hint.get() > 0) return true;
    Long last = lastLook.get(resource);
    return last == null || System.nanoTime() - last > 5_000_000_000L;
  }

  /** The oldest open Express task of the resource, now held by the calling worker. */
  public Optional<Claimed> claim(String resource) {
    AtomicLong hint = hints.computeIfAbsent(resource, r -> new AtomicLong());
    long seen = hint.get();
    lastLook.put(resource, System.nanoTime());
    cleanUpNowAndThen();
    for (Row row :
        db.query(
            "UPDATE express_tasks SET claimed = true WHERE token = (SELECT token FROM express_tasks"
                + " WHERE resource = $1 AND NOT claimed AND created_at > now() - make_interval(secs"
                + " => $2) ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING token,"
                + " input",
            resource,
            (double) maxAge.toSeconds())) {
      return Optional.of(new Claimed(row.getString("token"), row.getString("input")));
    }
    hint.compareAndSet(seen, 0);
    return Optional.empty();
  }

  /**
   * Delivers a worker's answer, if {@code access} lets it, when the token is of an Express task of
   * an execution running on this server; false otherwise (costs nothing then: no database access).
   * A success or failure closes the task.
   */
  public boolean answerLocal(String token, Signal signal, TaskAccess access) {
    Waiting task = waiting.get(token);
    if (task == null) return false;
    access.check(task.executionArn(), task.resource());
    boolean closes = closes(signal);
    if (closes && !waiting.remove(token, task)) return false;
    if (closes) db.query("DELETE FROM express_tasks WHERE token = $1", token);
    task.answers().accept(signal);
    return true;
  }

  /** A success or failure closes a task; a heartbeat does not. */
  private static boolean closes(Signal signal) {
    return !(signal instanceof Signal.TaskHeartbeat);
  }

  /**
   * Delivers a worker's answer, if {@code access} lets it, to an Express task whose execution runs
   * on another server: the answer is left on the task's row and that server told. False when no
   * open Express task has the token; a second success or failure is refused as AWS refuses an
   * answer to a closed task.
   */
  public boolean answerRemote(String token, Signal signal, TaskAccess access) {
    boolean found = false;
    for (Row row :
        db.query("SELECT execution_arn, resource FROM express_tasks WHERE token = $1", token)) {
      access.check(row.getString("execution_arn"), row.getString("resource"));
      found = true;
    }
    if (!found) return false;
    boolean closes = closes(signal);
    String owner = null;
    for (Row row :
        db.query(
            "UPDATE express_tasks SET answer_kind = $2, answer = $3 WHERE token = $1 AND"
                + " answer_kind IS DISTINCT FROM 'FINAL' RETURNING owner",
            token,
            closes ? "FINAL" : "HEARTBEAT",
            Json.write(encode(signal)))) {
      owner = row.getString("owner");
    }
    if (owner == null) return !closes;
    notifier.publish(ANSWERED, owner + " " + token);
    return true;
  }

  /** The execution no longer waits for the task: it is neither handed out nor answered. */
  public void cancel(String token) {
    if (waiting.remove(token) != null) {
      db.query("DELETE FROM express_tasks WHERE token = $1", token);
    }
  }

  /** Tasks of executions running here that wait for an answer (for tests and metrics). */
  public int size() {
    return waiting.size();
  }

  private void hint(String resource) {
    hints.computeIfAbsent(resource, r -> new AtomicLong()).incrementAndGet();
    wakeups.taskQueued(resource);
  }

  /** On the event loop: another server queued an Express task. */
  private void queuedElsewhere(String resource) {
    hint(resource);
  }

  /** On the event loop: an answer given on another server, for one of this server's tasks. */
  private void answeredElsewhere(String payload) {
    int space = payload.indexOf(' ');
    if (space < 0 || !payload.substring(0, space).equals(node)) return;
    String token = payload.substring(space + 1);
    if (!waiting.containsKey(token)) return;
    Thread.ofVirtual().name("express-answer").start(() -> deliverStoredAnswer(token));
  }

  private void deliverStoredAnswer(String token) {
    try {
      for (Row row :
          db.query(
              "SELECT answer_kind, answer FROM express_tasks WHERE token = $1 AND owner = $2",
              token,
              node)) {
        if (row.getString("answer_kind") == null) return;
        // Authorized on the server where it was given.
        answerLocal(
            token, decode(token, Json.parseTrusted(row.getString("answer"))), TaskAccess.ANYONE);
      }
    } catch (RuntimeException e) {
      LOG.warnf(e, "the answer to Express task %s could not be delivered", token);
    }
  }

  /** Rows of servers that stopped are removed once no execution can wait for them any more. */
  private void cleanUpNowAndThen() {
    long now = System.nanoTime();
    if (now < nextCleanUp) return;
    nextCleanUp = now + 60_000_000_000L;
    db.query(
        "DELETE FROM express_tasks WHERE created_at < now() - make_interval(secs => $1)",
        (double) maxAge.toSeconds());
  }

  private static JsonNode encode(Signal signal) {
    ObjectNode out = Json.object();
    switch (signal) {
      case Signal.TaskSucceeded s -> out.set("output", s.output());
      case Signal.TaskFailed f -> {
        out.put("error", f.error());
        out.put("cause", f.cause());
        out.put("failed", true);
      }
      default -> out.put("heartbeat", true);
    }
    return out;
  }

  private static Signal decode(String token, JsonNode answer) {
    if (answer.has("output")) return new Signal.TaskSucceeded(token, answer.get("output"));
    if (answer.path("failed").asBoolean()) {
      return new Signal.TaskFailed(
          token, answer.path("error").asText(null), answer.path("cause").asText(null));
    }
    return new Signal.TaskHeartbeat(token);
  }
}
