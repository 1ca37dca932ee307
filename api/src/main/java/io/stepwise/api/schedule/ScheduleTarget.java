package io.stepwise.api.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.json.Json;

/**
 * A schedule's target: the state machine, version or alias it starts, the IAM role AWS would assume
 * (kept and shown, not used: Stepwise starts as the schedule's owner), the input with its context
 * attributes, and how failed starts are retried.
 *
 * @param input the Input text, null for none (the execution then gets {@code {}})
 * @param maximumEventAgeInSeconds how long after its fire time a start is still tried (60-86400)
 * @param maximumRetryAttempts how often a failed start is tried again (0-185)
 * @param deadLetterArn the DeadLetterConfig's queue, kept and shown only (Stepwise has no SQS; a
 *     failed fire is recorded with its error instead)
 */
public record ScheduleTarget(
    String arn,
    String roleArn,
    String input,
    int maximumEventAgeInSeconds,
    int maximumRetryAttempts,
    String deadLetterArn) {

  /** AWS's RetryPolicy when a schedule names none: a day, 185 attempts. */
  public static final int DEFAULT_MAXIMUM_EVENT_AGE = 86_400;

  public static final int DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 185;

  /** The Target as GetSchedule shows it. */
  public ObjectNode toJson() {
    ObjectNode t = Json.object();
    t.put("Arn", arn);
    t.put("RoleArn", roleArn);
    if (input != null) t.put("Input", input);
    ObjectNode retry = t.putObject("RetryPolicy");
    retry.put("MaximumEventAgeInSeconds", maximumEventAgeInSeconds);
    retry.put("MaximumRetryAttempts", maximumRetryAttempts);
    if (deadLetterArn != null) t.putObject("DeadLetterConfig").put("Arn", deadLetterArn);
    return t;
  }

  /** Reads what {@link #toJson} wrote. */
  public static ScheduleTarget fromJson(JsonNode t) {
    JsonNode retry = t.path("RetryPolicy");
    return new ScheduleTarget(
        t.path("Arn").asText(),
        t.path("RoleArn").asText(),
        t.hasNonNull("Input") ? t.get("Input").asText() : null,
        retry.path("MaximumEventAgeInSeconds").asInt(DEFAULT_MAXIMUM_EVENT_AGE),
        retry.path("MaximumRetryAttempts").asInt(DEFAULT_MAXIMUM_RETRY_ATTEMPTS),
        t.path("DeadLetterConfig").hasNonNull("Arn")
            ? t.path("DeadLetterConfig").get("Arn").asText()
            : null);
  }
}
