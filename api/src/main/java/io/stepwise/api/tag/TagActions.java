package io.stepwise.api.tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.activity.PgActivities;
import io.stepwise.api.protocol.Action;
import io.stepwise.api.protocol.ActionFamily;
import io.stepwise.api.protocol.Arns;
import io.stepwise.api.protocol.AwsError;
import io.stepwise.api.protocol.Request;
import io.stepwise.api.statemachine.PgStateMachines;
import io.stepwise.engine.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** TagResource, UntagResource and ListTagsForResource for state machines and activities. */
@ApplicationScoped
public class TagActions implements ActionFamily {
  private final PgTags tags;
  private final PgStateMachines machines;
  private final PgActivities activities;
  private final Arns arns;

  public TagActions(PgTags tags, PgStateMachines machines, PgActivities activities, Arns arns) {
    this.tags = tags;
    this.machines = machines;
    this.activities = activities;
    this.arns = arns;
  }

  @Override
  public Map<String, Action> actions() {
    return Map.of(
        "TagResource", this::tag,
        "UntagResource", this::untag,
        "ListTagsForResource", this::list);
  }

  private JsonNode tag(Request r) {
    String arn = existing(r.string("resourceArn"));
    JsonNode list = r.node("tags");
    if (list == null)
      throw AwsError.validation(
          "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
    tags.put(arn, list);
    if (tags.of(arn).size() > 50) {
      throw new AwsError("TooManyTags", "Too many tags: at most 50 per resource");
    }
    return Json.object();
  }

  private JsonNode untag(Request r) {
    String arn = existing(r.string("resourceArn"));
    JsonNode keys = r.node("tagKeys");
    if (keys == null || !keys.isArray()) {
      throw AwsError.validation(
          "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
    }
    List<String> names = new ArrayList<>();
    keys.forEach(k -> names.add(k.asText()));
    tags.remove(arn, names);
    return Json.object();
  }

  private JsonNode list(Request r) {
    String arn = existing(r.string("resourceArn"));
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("tags");
    tags.of(arn).forEach((k, v) -> items.addObject().put("key", k).put("value", v));
    return out;
  }

  /** The ARN when it names an existing state machine or activity; ResourceNotFound otherwise. */
  private String existing(String arn) {
    String[] parts = arn.split(":", -1);
    boolean found =
        parts.length == 7 && parts[5].equals("stateMachine")
            ? machines.find(arn).isPresent()
            : parts.length == 7 && parts[5].equals("activity") && activities.find(arn).isPresent();
    if (parts.length != 7 || !(parts[5].equals("stateMachine") || parts[5].equals("activity"))) {
      throw AwsError.invalidArn(arn);
    }
    if (parts.length == 7 && parts[5].equals("stateMachine")) arns.stateMachineName(arn);
    else arns.activityName(arn);
    if (!found) {
      throw new AwsError("ResourceNotFound", "Resource not found: '" + arn + "'");
    }
    return arn;
  }
}
