package io.stepwise.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.schedule.Schedule;
import io.stepwise.api.schedule.ScheduleGroup;
import io.stepwise.api.schedule.ScheduleRequest;
import io.stepwise.api.service.Validation;
import io.stepwise.api.tag.Tag;
import io.stepwise.engine.json.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * EventBridge Scheduler's wire shapes (REST-JSON, service model 2021-06-30): request bodies read
 * into the schedule service's records, its records written as AWS's responses. Timestamps are epoch
 * seconds, as the SDKs and the CLI send and read them.
 */
final class ScheduleTranslation {
  /** Target members of other AWS services' templated targets. */
  private static final List<String> OTHER_TARGET_PARAMETERS =
      List.of(
          "EcsParameters",
          "EventBridgeParameters",
          "KinesisParameters",
          "SageMakerPipelineParameters",
          "SqsParameters");

  private ScheduleTranslation() {}

  /** A CreateSchedule or UpdateSchedule body, with the schedule's name from the path. */
  static ScheduleRequest request(String name, Request body) {
    JsonNode window = object(body, "FlexibleTimeWindow");
    JsonNode target = object(body, "Target");
    return new ScheduleRequest(
        name,
        body.optionalString("GroupName").orElse(null),
        body.optionalString("Description").orElse(null),
        body.optionalString("ScheduleExpression").orElse(null),
        body.optionalString("ScheduleExpressionTimezone").orElse(null),
        date(body, "StartDate"),
        date(body, "EndDate"),
        body.optionalString("State").orElse(null),
        window == null ? null : nested(body, window).optionalString("Mode").orElse(""),
        window == null
            ? null
            : nested(body, window).optionalInt("MaximumWindowInMinutes").orElse(null),
        body.optionalString("ActionAfterCompletion").orElse(null),
        body.optionalString("KmsKeyArn").orElse(null),
        target == null ? null : target(nested(body, target)),
        body.optionalString("ClientToken").orElse(null));
  }

  private static ScheduleRequest.Target target(Request t) {
    JsonNode retry = object(t, "RetryPolicy");
    JsonNode deadLetter = object(t, "DeadLetterConfig");
    String other =
        OTHER_TARGET_PARAMETERS.stream().filter(m -> t.node(m) != null).findFirst().orElse(null);
    return new ScheduleRequest.Target(
        t.optionalString("Arn").orElse(null),
        t.optionalString("RoleArn").orElse(null),
        t.optionalString("Input").orElse(null),
        retry == null
            ? null
            : nested(t, retry).optionalInt("MaximumEventAgeInSeconds").orElse(null),
        retry == null ? null : nested(t, retry).optionalInt("MaximumRetryAttempts").orElse(null),
        deadLetter == null ? null : nested(t, deadLetter).optionalString("Arn").orElse(null),
        other);
  }

  /** Tags in the scheduler's form: {@code [{"Key": .., "Value": ..}]}. */
  static List<Tag> tags(JsonNode tags) {
    List<Tag> out = new ArrayList<>();
    if (tags == null || tags.isNull()) return out;
    if (!tags.isArray()) throw new AwsError("SerializationException", "Tags must be a list");
    for (JsonNode tag : tags) {
      String key = tag.path("Key").asText("");
      String value = tag.path("Value").asText("");
      if (key.isEmpty() || key.length() > 128) {
        throw Validation.failed(
            "1 validation error detected: Value at 'tags.member.key' failed to satisfy constraint:"
                + " Member must have length between 1 and 128");
      }
      if (value.isEmpty() || value.length() > 256) {
        throw Validation.failed(
            "1 validation error detected: Value at 'tags.member.value' failed to satisfy"
                + " constraint: Member must have length between 1 and 256");
      }
      out.add(new Tag(key, value));
    }
    return out;
  }

  static ObjectNode tagList(List<Tag> tags) {
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("Tags");
    for (Tag t : tags) list.addObject().put("Key", t.key()).put("Value", t.value());
    return out;
  }

  /** GetSchedule's answer. */
  static ObjectNode schedule(Schedule s) {
    ObjectNode out = Json.object();
    out.put("ActionAfterCompletion", s.actionAfterCompletion());
    out.put("Arn", s.arn());
    out.put("CreationDate", AwsDates.epochSeconds(s.createdAt()));
    if (s.description() != null) out.put("Description", s.description());
    if (s.endDate() != null) out.put("EndDate", AwsDates.epochSeconds(s.endDate()));
    ObjectNode window = out.putObject("FlexibleTimeWindow");
    window.put("Mode", s.window().mode());
    if (s.window().maximumMinutes() != null) {
      window.put("MaximumWindowInMinutes", s.window().maximumMinutes());
    }
    out.put("GroupName", s.group());
    if (s.kmsKeyArn() != null) out.put("KmsKeyArn", s.kmsKeyArn());
    out.put("LastModificationDate", AwsDates.epochSeconds(s.updatedAt()));
    out.put("Name", s.name());
    out.put("ScheduleExpression", s.expression());
    out.put("ScheduleExpressionTimezone", s.timezone());
    if (s.startDate() != null) out.put("StartDate", AwsDates.epochSeconds(s.startDate()));
    out.put("State", s.state());
    out.set("Target", s.target().toJson());
    return out;
  }

  /** ListSchedules' summary of one schedule. */
  static ObjectNode summary(Schedule s) {
    ObjectNode out = Json.object();
    out.put("Arn", s.arn());
    out.put("CreationDate", AwsDates.epochSeconds(s.createdAt()));
    out.put("GroupName", s.group());
    out.put("LastModificationDate", AwsDates.epochSeconds(s.updatedAt()));
    out.put("Name", s.name());
    out.put("State", s.state());
    out.putObject("Target").put("Arn", s.target().arn());
    return out;
  }

  /** GetScheduleGroup's answer, and ListScheduleGroups' summary. */
  static ObjectNode group(ScheduleGroup g) {
    ObjectNode out = Json.object();
    out.put("Arn", g.arn());
    out.put("CreationDate", AwsDates.epochSeconds(g.createdAt()));
    out.put("LastModificationDate", AwsDates.epochSeconds(g.updatedAt()));
    out.put("Name", g.name());
    out.put("State", "ACTIVE");
    return out;
  }

  /** MaxResults of a list: 1 to 100, 100 when absent. */
  static int maxResults(String text) {
    if (text == null || text.isEmpty()) return 100;
    long n;
    try {
      n = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new AwsError("SerializationException", "MaxResults must be a number");
    }
    if (n < 1 || n > 100) throw Validation.outOfRange("maxResults", n, 1, 100);
    return (int) n;
  }

  private static JsonNode object(Request body, String member) {
    JsonNode v = body.node(member);
    if (v != null && !v.isObject()) {
      throw new AwsError("SerializationException", "Member '" + member + "' must be an object");
    }
    return v;
  }

  private static Request nested(Request parent, JsonNode object) {
    return new Request(parent.action(), (ObjectNode) object, parent.caller());
  }

  /** A timestamp member: epoch seconds, as the SDKs send them. */
  private static Instant date(Request body, String member) {
    JsonNode v = body.node(member);
    if (v == null) return null;
    if (!v.isNumber()) {
      throw new AwsError("SerializationException", "Member '" + member + "' must be a timestamp");
    }
    BigDecimal seconds = v.decimalValue();
    try {
      return Instant.ofEpochMilli(
          seconds.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact());
    } catch (ArithmeticException | java.time.DateTimeException e) {
      throw new AwsError("SerializationException", "Member '" + member + "' is out of range");
    }
  }
}
