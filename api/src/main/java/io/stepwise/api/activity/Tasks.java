package io.stepwise.api.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.arn.Arn;
import io.stepwise.api.arn.Arns;
import io.stepwise.api.authorization.Authorizer;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Permission;
import io.stepwise.api.runtime.AfterCommit;
import io.stepwise.api.runtime.PgExecutionSteps;
import io.stepwise.api.runtime.TaskAccess;
import io.stepwise.api.runtime.Wakeups;
import io.stepwise.api.service.Validation;
import io.stepwise.engine.asl.Resource;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.AwsLimits;
import io.stepwise.engine.service.BuiltInTaskHandler;
import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The task service, the worker's side of the API: GetActivityTask (the long poll that hands a
 * queued task to a worker) and the answers SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat.
 * Workers of Lambda-style and other resources poll with that resource string: they share the one
 * task queue and take the tasks of Express executions ({@link ExpressTaskQueue}, on any server) the
 * same way.
 *
 * <p>An answer is authorized against the task's execution, which only the answer's own transaction
 * finds ({@link TaskAccess}: no extra round trip on this hot path): an operator of its team, or of
 * the activity's team that polled it; a task served inside the server (an approval) only by an
 * admin, since it is decided through its own links and inbox. A token this server never issued is
 * InvalidToken; a token of a task already closed (answered, timed out, cancelled) TaskTimedOut, as
 * on AWS.
 */
@ApplicationScoped
public class Tasks {

  private final Activities activities;
  private final PgTaskQueue queue;
  private final ExpressTaskQueue express;
  private final PgExecutionSteps steps;
  private final Wakeups wakeups;
  private final Arns arns;
  private final Authorizer authorizer;
  private final List<BuiltInTaskHandler> builtIns;
  private final RecentPolls recentPolls;
  private final Duration longPoll;

  public Tasks(
      Activities activities,
      PgTaskQueue queue,
      ExpressTaskQueue express,
      PgExecutionSteps steps,
      Wakeups wakeups,
      Arns arns,
      Authorizer authorizer,
      Instance<BuiltInTaskHandler> builtIns,
      RecentPolls recentPolls,
      @ConfigProperty(name = "stepwise.activity-poll-seconds", defaultValue = "60")
          int pollSeconds) {
    this.activities = activities;
    this.queue = queue;
    this.express = express;
    this.steps = steps;
    this.wakeups = wakeups;
    this.arns = arns;
    this.authorizer = authorizer;
    this.builtIns = builtIns.stream().toList();
    this.recentPolls = recentPolls;
    this.longPoll = Duration.ofSeconds(pollSeconds);
  }

  /** A task handed to a worker. */
  public record Handed(String taskToken, String input) {}

  /**
   * GetActivityTask: long-polls for a task of the resource for up to a minute (AWS's 60 seconds);
   * empty when none came. An activity is polled by operators of its team; another resource (a
   * function a worker serves) by any operator. An activity's claim and its ActivityStarted commit
   * in one transaction that holds the execution's row too ({@link PgTaskQueue#claim}); other
   * resources record nothing when claimed: one statement claims their task ({@link
   * PgTaskQueue#claimAlone}).
   */
  public Optional<Handed> poll(Caller caller, String resource, String workerName) {
    boolean activity = Arn.namesActivity(resource);
    if (activity) {
      Arn arn = arns.require(resource, Arn.Kind.ACTIVITY);
      authorizer.require(caller, "GetActivityTask", Permission.OPERATE, arn);
      activities.existing(arn);
    } else {
      authorizer.require(caller, "GetActivityTask", Permission.OPERATE, null);
    }
    recentPolls.heard(resource, workerName, caller.address());
    long deadline = System.nanoTime() + longPoll.toNanos();
    while (true) {
      long seen = wakeups.taskVersion(resource);
      if (express.mayHave(resource)) {
        Optional<ExpressTaskQueue.Claimed> expressTask = express.claim(resource);
        if (expressTask.isPresent()) {
          return Optional.of(new Handed(expressTask.get().token(), expressTask.get().input()));
        }
      }
      AfterCommit effects = steps.effects();
      Optional<PgTaskQueue.ClaimedTask> claimed =
          !activity
              ? queue.claimAlone(resource, workerName)
              : queue.claim(
                  resource,
                  workerName,
                  (sql, task) -> {
                    if (recordsStart(task)) {
                      steps.signal(
                          sql, task.executionArn(), new Signal.TaskStarted(task.token()), effects);
                    }
                  });
      if (claimed.isPresent()) {
        PgTaskQueue.ClaimedTask task = claimed.get();
        steps.carryOut(effects);
        if (!recordsStart(task) && task.heartbeatSeconds() != null) {
          // No start is recorded for this claim (a function task, or an activity handed out
          // again after its lease ran out): its heartbeat clock starts again now, so the time it
          // waited for a free worker does not count as a missed heartbeat.
          steps.signal(task.executionArn(), new Signal.TaskHeartbeat(task.token()));
        }
        return Optional.of(new Handed(task.token(), task.input()));
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) return Optional.empty();
      // Another server process may queue the task: look again at least every second.
      wakeups.awaitTask(resource, seen, Duration.ofNanos(Math.min(left, 1_000_000_000L)));
    }
  }

  /**
   * ActivityStarted is recorded for an activity's first claim only: a task taken back after its
   * lease ran out (a worker died, or the answer to its GetActivityTask was lost) is handed out
   * again without a second ActivityStarted in the history.
   */
  private static boolean recordsStart(PgTaskQueue.ClaimedTask task) {
    return task.firstClaim() && task.kind().equals(Resource.Kind.ACTIVITY.name());
  }

  /**
   * The task an answer went to, for the audit: its execution, and whether the task is served inside
   * the server (an approval answered through the API). Null members when the caller is the server
   * itself, which is not asked.
   */
  public record Answered(String executionArn, boolean servedInside) {}

  /** SendTaskSuccess: the task succeeded with this output (JSON text of at most 256 KiB). */
  public Answered succeed(Caller caller, String taskToken, String output) {
    if (output == null) output = "null";
    if (AwsLimits.payloadTooLarge(output))
      throw Validation.tooLong("output", AwsLimits.PAYLOAD_BYTES);
    JsonNode parsed;
    try {
      parsed = Json.parse(output);
    } catch (JsonProcessingException e) {
      throw new ServiceException(
          "InvalidOutput", "Invalid Output: '" + e.getOriginalMessage() + "'");
    }
    return answer(
        caller, "SendTaskSuccess", taskToken, new Signal.TaskSucceeded(taskToken, parsed));
  }

  /** SendTaskFailure: the task failed with an error name and cause Retry and Catch can match. */
  public Answered fail(Caller caller, String taskToken, String error, String cause) {
    return answer(
        caller, "SendTaskFailure", taskToken, new Signal.TaskFailed(taskToken, error, cause));
  }

  /** SendTaskHeartbeat: the task's worker is alive, its HeartbeatSeconds start again. */
  public Answered heartbeat(Caller caller, String taskToken) {
    Signal heartbeat = new Signal.TaskHeartbeat(taskToken);
    Access access = access(caller, "SendTaskHeartbeat");
    if (express.answerLocal(taskToken, heartbeat, access)) return access.answered();
    checkFormat(taskToken);
    Optional<PgTaskQueue.TaskState> task = queue.find(taskToken);
    if (task.isEmpty()) {
      if (express.answerRemote(taskToken, heartbeat, access)) return access.answered();
      throw invalidToken();
    }
    access.check(task.get().executionArn(), task.get().resource());
    if (!task.get().open()) throw timedOut();
    queue.extendLease(taskToken);
    switch (steps.signal(task.get().executionArn(), heartbeat)) {
      case APPLIED -> {}
      case STALE -> throw timedOut();
      case NO_EXECUTION -> throw new ServiceException("TaskDoesNotExist", "Task Does Not Exist");
    }
    return access.answered();
  }

  /**
   * A success or failure: an Express task of this server's is answered in memory; a durable task is
   * found, checked and applied in one transaction; only a token that is neither is looked for among
   * the Express tasks of other servers (so durable answers pay no Express lookup).
   */
  private Answered answer(Caller caller, String action, String taskToken, Signal signal) {
    Access access = access(caller, action);
    if (express.answerLocal(taskToken, signal, access)) return access.answered();
    checkFormat(taskToken);
    switch (steps.answerTask(taskToken, signal, access)) {
      case APPLIED -> {}
      case STALE -> throw timedOut();
      case NO_EXECUTION -> {
        if (!express.answerRemote(taskToken, signal, access)) throw invalidToken();
      }
    }
    return access.answered();
  }

  /** The caller's right to answer: the operator role first, the task's team in its transaction. */
  private Access access(Caller caller, String action) {
    authorizer.require(caller, action, Permission.OPERATE, null);
    return new Access(caller, action);
  }

  /**
   * The caller's right to answer, asked inside the answer's transaction with the task's execution
   * and resource (and remembering them for the audit). The server itself is not asked.
   */
  private final class Access implements TaskAccess {
    private final Caller caller;
    private final String action;
    private volatile Answered answered = new Answered(null, false);

    Access(Caller caller, String action) {
      this.caller = caller;
      this.action = action;
    }

    @Override
    public void check(String executionArn, String taskResource) {
      if (caller.kind() == Caller.Kind.SYSTEM) return;
      boolean inside = builtIns.stream().anyMatch(h -> h.handles(taskResource));
      Arn execution = Arn.parse(executionArn).orElse(null);
      if (execution == null) throw invalidToken();
      authorizer.requireAnswer(caller, action, execution, taskResource, inside);
      answered = new Answered(executionArn, inside);
    }

    Answered answered() {
      return answered;
    }
  }

  private static void checkFormat(String token) {
    if (token == null || token.isEmpty()) throw invalidToken();
  }

  private static ServiceException invalidToken() {
    return new ServiceException("InvalidToken", "Invalid Token: 'Invalid token'");
  }

  private static ServiceException timedOut() {
    return new ServiceException(
        "TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
  }
}
