package io.stepwise.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.activity.Activities;
import io.stepwise.api.activity.PgActivities;
import io.stepwise.api.activity.Tasks;
import io.stepwise.api.tag.Tag;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * CreateActivity, DescribeActivity, DeleteActivity, ListActivities, and the worker's side:
 * GetActivityTask, SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat, translated to {@link
 * Activities} and {@link Tasks}.
 */
@ApplicationScoped
public class ActivityActions implements ActionFamily {
  private final Activities activities;
  private final Tasks tasks;

  public ActivityActions(Activities activities, Tasks tasks) {
    this.activities = activities;
    this.tasks = tasks;
  }

  @Override
  public Map<String, Action> actions() {
    return Map.of(
        "CreateActivity", Action.change(this::create),
        "DescribeActivity", Action.read(this::describe),
        "DeleteActivity", Action.change(this::delete),
        "ListActivities", Action.read(this::list),
        "GetActivityTask", Action.change(this::getTask),
        "SendTaskSuccess", Action.change(this::success),
        "SendTaskFailure", Action.change(this::failure),
        "SendTaskHeartbeat", Action.change(this::heartbeat));
  }

  private JsonNode create(Request r) {
    Activities.Created created =
        activities.create(r.caller(), r.string("name"), Tag.list(r.node("tags")));
    r.audits(created.activity().arn());
    if (created.team() != null) r.auditDetail("team " + created.team());
    ObjectNode out = Json.object();
    out.put("activityArn", created.activity().arn());
    out.put("creationDate", AwsDates.epochSeconds(created.activity().createdAt()));
    return out;
  }

  private JsonNode describe(Request r) {
    PgActivities.Activity a = activities.describe(r.caller(), r.resource("activityArn"));
    ObjectNode out = Json.object();
    out.put("activityArn", a.arn());
    out.put("name", a.name());
    out.put("creationDate", AwsDates.epochSeconds(a.createdAt()));
    return out;
  }

  private JsonNode delete(Request r) {
    activities.delete(r.caller(), r.resource("activityArn"));
    return Json.object();
  }

  private JsonNode list(Request r) {
    Page<PgActivities.Activity> page =
        activities.list(r.caller(), r.maxResults(100), r.nextToken(1024));
    return Listing.of(
        page,
        "activities",
        (a, item) -> {
          item.put("activityArn", a.arn());
          item.put("name", a.name());
          item.put("creationDate", AwsDates.epochSeconds(a.createdAt()));
        });
  }

  /** An empty answer means no task came within the long poll. */
  private JsonNode getTask(Request r) {
    String resource = r.string("activityArn", 256);
    r.audits(resource);
    ObjectNode out = Json.object();
    tasks
        .poll(r.caller(), resource, r.optionalString("workerName", 80).orElse(null))
        .ifPresent(
            task -> {
              out.put("taskToken", task.taskToken());
              out.put("input", task.input());
            });
    return out;
  }

  private JsonNode success(Request r) {
    audit(r, tasks.succeed(r.caller(), r.string("taskToken", 2048), r.string("output")));
    return Json.object();
  }

  private JsonNode failure(Request r) {
    audit(
        r,
        tasks.fail(
            r.caller(),
            r.string("taskToken", 2048),
            r.optionalString("error", 256).orElse(null),
            r.optionalString("cause", 32768).orElse(null)));
    return Json.object();
  }

  private JsonNode heartbeat(Request r) {
    audit(r, tasks.heartbeat(r.caller(), r.string("taskToken", 2048)));
    return Json.object();
  }

  /** The audit names the execution the token belonged to, and an approval answered by an admin. */
  private static void audit(Request r, Tasks.Answered answered) {
    r.audits(answered.executionArn());
    if (answered.servedInside()) r.auditDetail("answered a task served inside the server");
  }
}
