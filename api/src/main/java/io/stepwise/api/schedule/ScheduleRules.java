package io.stepwise.api.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.stepwise.api.service.Validation;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.AwsLimits;
import io.stepwise.engine.service.ServiceException;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * CreateSchedule's and UpdateSchedule's rules for each member, as EventBridge Scheduler's model
 * states them (lengths, patterns, ranges, enums; wording of AWS's request validation), and the
 * rules between members: the expression and time zone, a FLEXIBLE window's maximum, a StartDate not
 * more than 5 minutes past and before the EndDate. The API and the pages check with the same code.
 */
public final class ScheduleRules {
  static final String NAME_PATTERN = "^[0-9a-zA-Z-_.]+$";
  private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z\\-_.]+");
  private static final String ROLE_PATTERN =
      "^arn:aws(-[a-z]+)?:iam::\\d{12}:role\\/[\\w+=,.@\\/-]+$";
  private static final Pattern ROLE =
      Pattern.compile("arn:aws(-[a-z]+)?:iam::\\d{12}:role/[\\w+=,.@/-]+");
  private static final String QUEUE_PATTERN =
      "^arn:aws(-[a-z]+)?:sqs:[a-z0-9\\-]+:\\d{12}:[a-zA-Z0-9\\-_]+$";
  private static final Pattern QUEUE =
      Pattern.compile("arn:aws(-[a-z]+)?:sqs:[a-z0-9\\-]+:\\d{12}:[a-zA-Z0-9\\-_]+");
  private static final String KMS_PATTERN =
      "^arn:aws(-[a-z]+)?:kms:[a-z0-9\\-]+:\\d{12}:(key|alias)\\/[0-9a-zA-Z-_]*$";
  private static final Pattern KMS =
      Pattern.compile("arn:aws(-[a-z]+)?:kms:[a-z0-9\\-]+:\\d{12}:(key|alias)/[0-9a-zA-Z\\-_]*");
  private static final String TOKEN_PATTERN = "^[a-zA-Z0-9-_]+$";
  private static final Pattern TOKEN = Pattern.compile("[a-zA-Z0-9\\-_]+");

  /** AWS: "The StartDate you specify cannot be earlier than 5 minutes ago." */
  private static final Duration START_DATE_GRACE = Duration.ofMinutes(5);

  private ScheduleRules() {}

  /** A request's members, checked and read. */
  public record Checked(
      ScheduleExpression expression,
      String timezone,
      FlexibleWindow window,
      boolean enabled,
      boolean deleteAfterCompletion,
      ScheduleTarget target) {}

  /** Checks a request as of {@code now}; the first broken rule is thrown as AWS words it. */
  public static Checked check(ScheduleRequest r, Instant now) {
    name("name", r.name());
    if (r.group() != null) name("groupName", r.group());
    if (r.clientToken() != null) {
      length("clientToken", r.clientToken(), 64);
      matches("clientToken", r.clientToken(), TOKEN, TOKEN_PATTERN);
    }
    if (r.description() != null) length("description", r.description(), 512);
    required("scheduleExpression", r.expression());
    length("scheduleExpression", r.expression(), 256);
    ScheduleExpression expression = ScheduleExpression.parse(r.expression());
    if (r.timezone() != null) length("scheduleExpressionTimezone", r.timezone(), 50);
    String timezone = r.timezone() == null ? TimeZones.DEFAULT : r.timezone();
    TimeZones.of(timezone);
    FlexibleWindow window = window(r);
    boolean enabled = oneOf("state", r.state(), "ENABLED", "DISABLED", "[ENABLED, DISABLED]");
    boolean delete =
        !oneOf(
            "actionAfterCompletion", r.actionAfterCompletion(), "NONE", "DELETE", "[NONE, DELETE]");
    if (r.kmsKeyArn() != null) {
      length("kmsKeyArn", r.kmsKeyArn(), 2048);
      matches("kmsKeyArn", r.kmsKeyArn(), KMS, KMS_PATTERN);
    }
    ScheduleTarget target = target(r.target(), r);
    if (!expression.oneTime()) dates(r, now);
    return new Checked(expression, timezone, window, enabled, delete, target);
  }

  private static FlexibleWindow window(ScheduleRequest r) {
    required("flexibleTimeWindow", r.windowMode());
    if (r.windowMode().isEmpty()) throw Validation.missing("flexibleTimeWindow.mode");
    boolean flexible =
        !oneOf("flexibleTimeWindow.mode", r.windowMode(), "OFF", "FLEXIBLE", "[OFF, FLEXIBLE]");
    Integer minutes = r.windowMinutes();
    if (minutes != null) range("flexibleTimeWindow.maximumWindowInMinutes", minutes, 1, 1440);
    if (flexible && minutes == null) {
      throw Validation.failed("MaximumWindowInMinutes is required when the Mode is FLEXIBLE.");
    }
    if (!flexible && minutes != null) {
      throw Validation.failed("MaximumWindowInMinutes must not be set when the Mode is OFF.");
    }
    return flexible ? new FlexibleWindow(minutes) : FlexibleWindow.OFF;
  }

  private static ScheduleTarget target(ScheduleRequest.Target t, ScheduleRequest r) {
    if (t == null) throw Validation.missing("target");
    required("target.arn", t.arn());
    length("target.arn", t.arn(), 1600);
    required("target.roleArn", t.roleArn());
    length("target.roleArn", t.roleArn(), 1600);
    matches("target.roleArn", t.roleArn(), ROLE, ROLE_PATTERN);
    if (t.other() != null) {
      throw Validation.failed(
          "Target "
              + t.other()
              + " is for targets of other AWS services; Stepwise schedules start Step Functions"
              + " executions.");
    }
    if (t.input() != null) input(t.input());
    int maxAge = ScheduleTarget.DEFAULT_MAXIMUM_EVENT_AGE;
    if (t.maximumEventAgeInSeconds() != null) {
      maxAge = t.maximumEventAgeInSeconds();
      range("target.retryPolicy.maximumEventAgeInSeconds", maxAge, 60, 86_400);
    }
    int attempts = ScheduleTarget.DEFAULT_MAXIMUM_RETRY_ATTEMPTS;
    if (t.maximumRetryAttempts() != null) {
      attempts = t.maximumRetryAttempts();
      range("target.retryPolicy.maximumRetryAttempts", attempts, 0, 185);
    }
    if (t.deadLetterArn() != null) {
      length("target.deadLetterConfig.arn", t.deadLetterArn(), 1600);
      matches("target.deadLetterConfig.arn", t.deadLetterArn(), QUEUE, QUEUE_PATTERN);
    }
    return new ScheduleTarget(t.arn(), t.roleArn(), t.input(), maxAge, attempts, t.deadLetterArn());
  }

  /**
   * A Step Functions target's Input must be JSON (AWS: "the input must be a well-formed JSON"), as
   * it will be with the context attributes in place, and fit an execution's input.
   */
  private static void input(String input) {
    if (input.isEmpty()) {
      throw Validation.failed(
          "1 validation error detected: Value at 'target.input' failed to satisfy constraint:"
              + " Member must have length greater than or equal to 1");
    }
    String rendered = ContextAttributes.sample("arn:aws:scheduler:::schedule/g/n").render(input);
    // An execution input's limit, which a target's Input (with its attributes) must keep.
    if (AwsLimits.payloadTooLarge(rendered)) {
      throw Validation.tooLong("target.input", AwsLimits.PAYLOAD_BYTES);
    }
    try {
      Json.parse(rendered);
    } catch (JsonProcessingException e) {
      throw Validation.failed(
          "Target Input must be well-formed JSON for a Step Functions target: "
              + e.getOriginalMessage());
    }
  }

  private static void dates(ScheduleRequest r, Instant now) {
    if (r.startDate() != null && r.startDate().isBefore(now.minus(START_DATE_GRACE))) {
      throw Validation.failed("The StartDate you specify cannot be earlier than 5 minutes ago.");
    }
    if (r.startDate() != null && r.endDate() != null && !r.endDate().isAfter(r.startDate())) {
      throw Validation.failed("The EndDate you specify must be after the StartDate.");
    }
  }

  /** A schedule's or group's name: 1 to 64 of {@code 0-9 a-z A-Z - _ .}. */
  static String name(String member, String value) {
    required(member, value);
    length(member, value, 64);
    matches(member, value, NAME, NAME_PATTERN);
    return value;
  }

  static void required(String member, Object value) {
    if (value == null) throw Validation.missing(member);
  }

  private static void length(String member, String value, int max) {
    if (value.isEmpty()) {
      throw Validation.failed(
          "1 validation error detected: Value at '"
              + member
              + "' failed to satisfy constraint: Member must have length greater than or equal to"
              + " 1");
    }
    if (value.length() > max) throw Validation.tooLong(member, max);
  }

  private static void matches(String member, String value, Pattern pattern, String written) {
    if (!pattern.matcher(value).matches()) throw Validation.pattern(member, value, written);
  }

  private static void range(String member, long value, long min, long max) {
    if (value < min || value > max) throw Validation.outOfRange(member, value, min, max);
  }

  /** True for {@code first} (also when absent: AWS's defaults are ENABLED and NONE). */
  private static boolean oneOf(
      String member, String value, String first, String second, String allowed) {
    if (value == null || value.equals(first)) return true;
    if (value.equals(second)) return false;
    throw Validation.notOneOf(member, value, allowed);
  }

  /** AWS's refusal when a schedule group does not exist. */
  static ServiceException groupNotFound(String group) {
    return new ServiceException(
        "ResourceNotFoundException", "Schedule group " + group + " does not exist.");
  }
}
