package io.stepwise.api.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.protocol.Action;
import io.stepwise.api.protocol.ActionFamily;
import io.stepwise.api.protocol.Arns;
import io.stepwise.api.protocol.AwsDates;
import io.stepwise.api.protocol.AwsError;
import io.stepwise.api.protocol.Names;
import io.stepwise.api.protocol.PageToken;
import io.stepwise.api.protocol.Request;
import io.stepwise.api.runtime.PgExecutionSteps;
import io.stepwise.api.runtime.StepEffects;
import io.stepwise.api.runtime.Wakeups;
import io.stepwise.api.tag.PgTags;
import io.stepwise.engine.asl.Resource;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Activities and the worker's side of them: create, describe, delete, list, and GetActivityTask,
 * the long poll that hands a queued task to a worker. Workers of Lambda-style and other resources
 * poll with that resource string in {@code activityArn}: they share the one task queue, and take
 * the tasks of Express executions ({@link ExpressTaskQueue}, on any server) the same way.
 */
@ApplicationScoped
public class ActivityActions implements ActionFamily {
  private final PgActivities activities;
  private final PgTaskQueue queue;
  private final ExpressTaskQueue express;
  private final PgExecutionSteps steps;
  private final Wakeups wakeups;
  private final PgTags tags;
  private final Arns arns;
  private final Duration longPoll;

  /** Who polled what lately, for the execution page (field-injected: a late addition). */
  @jakarta.inject.Inject RecentPolls recentPolls;

  public ActivityActions(
      PgActivities activities,
      PgTaskQueue queue,
      ExpressTaskQueue express,
      PgExecutionSteps steps,
      Wakeups wakeups,
      PgTags tags,
      Arns arns,
      @ConfigProperty(name = "stepwise.activity-poll-seconds", defaultValue = "60")
          int pollSeconds) {
    this.activities = activities;
    this.queue = queue;
    this.express = express;
    this.steps = steps;
    this.wakeups = wakeups;
    this.tags = tags;
    this.arns = arns;
    this.longPoll = Duration.ofSeconds(pollSeconds);
  }

  @Override
  public Map<String, Action> actions() {
    return Map.of(
        "CreateActivity", this::create,
        "DescribeActivity", this::describe,
        "DeleteActivity", this::delete,
        "ListActivities", this::list,
        "GetActivityTask", this::getTask);
  }

  private JsonNode create(Request r) {
    String name = Names.check(r.string("name"));
    String arn = arns.activity(name);
    PgActivities.Activity a =
        activities.create(arn, name, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    tags.put(arn, r.node("tags"));
    ObjectNode out = Json.object();
    out.put("activityArn", a.arn());
    out.put("creationDate", AwsDates.epochSeconds(a.createdAt()));
    return out;
  }

  private JsonNode describe(Request r) {
    PgActivities.Activity a = existing(r.string("activityArn"));
    ObjectNode out = Json.object();
    out.put("activityArn", a.arn());
    out.put("name", a.name());
    out.put("creationDate", AwsDates.epochSeconds(a.createdAt()));
    return out;
  }

  private JsonNode delete(Request r) {
    String arn = r.string("activityArn");
    arns.activityName(arn);
    activities.delete(arn);
    tags.deleteAll(arn);
    return Json.object();
  }

  private JsonNode list(Request r) {
    int max = r.maxResults(100);
    String after = PageToken.decode(r.optionalString("nextToken", 1024).orElse(null));
    List<PgActivities.Activity> page = activities.page(after, max + 1);
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("activities");
    for (PgActivities.Activity a : page.subList(0, Math.min(max, page.size()))) {
      ObjectNode item = items.addObject();
      item.put("activityArn", a.arn());
      item.put("name", a.name());
      item.put("creationDate", AwsDates.epochSeconds(a.createdAt()));
    }
    if (page.size() > max) out.put("nextToken", PageToken.encode(page.get(max - 1).name()));
    return out;
  }

  public PgActivities.Activity existing(String arn) {
    arns.activityName(arn);
    return activities
        .find(arn)
        .orElseThrow(
            () -> new AwsError("ActivityDoesNotExist", "Activity Does Not Exist: '" + arn + "'"));
  }

  /**
   * ActivityStarted is recorded for an activity's first claim only: a task taken back after its
   * lease ran out (a worker died, or the answer to its GetActivityTask was lost) is handed out
   * again without a second ActivityStarted in the history.
   */
  private static boolean recordsStart(PgTaskQueue.ClaimedTask task) {
    return task.firstClaim() && task.kind().equals(Resource.Kind.ACTIVITY.name());
  }

  private static JsonNode taskAnswer(String token, String input) {
    ObjectNode out = Json.object();
    out.put("taskToken", token);
    out.put("input", input);
    return out;
  }

  /**
   * Long-polls for a task of the resource for up to a minute (AWS's 60 seconds); an empty answer
   * means none came. An activity's claim and its ActivityStarted commit in one transaction that
   * holds the execution's row too ({@link PgTaskQueue#claim}). Other resources record nothing when
   * claimed: one statement claims their task ({@link PgTaskQueue#claimAlone}).
   */
  private JsonNode getTask(Request r) {
    String resource = r.string("activityArn", 256);
    String worker = r.optionalString("workerName", 80).orElse(null);
    boolean activity = resource.startsWith("arn:") && resource.contains(":activity:");
    if (activity) existing(resource);
    recentPolls.heard(resource);
    long deadline = System.nanoTime() + longPoll.toNanos();
    while (true) {
      long seen = wakeups.taskVersion(resource);
      if (express.mayHave(resource)) {
        Optional<ExpressTaskQueue.Claimed> expressTask = express.claim(resource);
        if (expressTask.isPresent()) {
          return taskAnswer(expressTask.get().token(), expressTask.get().input());
        }
      }
      StepEffects.Batch effects = steps.effects();
      Optional<PgTaskQueue.ClaimedTask> claimed =
          !activity
              ? queue.claimAlone(resource, worker)
              : queue.claim(
                  resource,
                  worker,
                  (sql, task) -> {
                    if (recordsStart(task)) {
                      steps.signal(
                          sql, task.executionArn(), new Signal.TaskStarted(task.token()), effects);
                    }
                  });
      if (claimed.isPresent()) {
        PgTaskQueue.ClaimedTask task = claimed.get();
        effects.run();
        if (!recordsStart(task) && task.heartbeatSeconds() != null) {
          // No start is recorded for this claim (a function task, or an activity handed out
          // again after its lease ran out): its heartbeat clock starts again now, so the time it
          // waited for a free worker does not count as a missed heartbeat.
          steps.signal(task.executionArn(), new Signal.TaskHeartbeat(task.token()));
        }
        return taskAnswer(task.token(), task.input());
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) return Json.object();
      // Another server process may queue the task: look again at least every second.
      wakeups.awaitTask(resource, seen, Duration.ofNanos(Math.min(left, 1_000_000_000L)));
    }
  }
}
