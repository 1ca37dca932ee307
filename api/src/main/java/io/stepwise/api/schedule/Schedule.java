package io.stepwise.api.schedule;

import io.stepwise.api.arn.Arn;
import io.stepwise.api.caller.Caller;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A schedule as stored: EventBridge Scheduler's members, who made it (the identity its fires start
 * executions as), where its rate counts from and the next fire time not yet planned.
 *
 * @param description null for none
 * @param timezone the IANA name it is evaluated in ({@code UTC} when none was given)
 * @param startDate null for none
 * @param endDate null for none
 * @param owner who created or last updated it; its fires act with this identity's roles and teams
 * @param anchor a rate without StartDate counts from here: creation, or the last change of the
 *     expression
 * @param nextFireAt the next fire time to plan; null when it fires no more
 */
public record Schedule(
    String arn,
    String group,
    String name,
    String description,
    String expression,
    String timezone,
    Instant startDate,
    Instant endDate,
    boolean enabled,
    FlexibleWindow window,
    boolean deleteAfterCompletion,
    String kmsKeyArn,
    ScheduleTarget target,
    Caller owner,
    Instant anchor,
    Instant nextFireAt,
    Instant createdAt,
    Instant updatedAt) {

  /** When it fires. */
  public ScheduleTiming timing() {
    return new ScheduleTiming(
        ScheduleExpression.parse(expression), zone(), startDate, endDate, anchor);
  }

  /**
   * The state machine the target starts (also for a version or alias ARN): whose schedules a
   * machine's page lists.
   */
  public String targetMachineArn() {
    return Arn.parse(target.arn()).map(a -> a.stateMachine().toString()).orElse(target.arn());
  }

  public ZoneId zone() {
    return TimeZones.of(timezone);
  }

  public String state() {
    return enabled ? "ENABLED" : "DISABLED";
  }

  public String actionAfterCompletion() {
    return deleteAfterCompletion ? "DELETE" : "NONE";
  }

  /** The same schedule with another next fire time. */
  public Schedule withNextFireAt(Instant next) {
    return switched(enabled, next, updatedAt);
  }

  /** The same schedule switched on or off at {@code now}, with its next fire time then. */
  public Schedule switched(boolean on, Instant next, Instant now) {
    return new Schedule(
        arn,
        group,
        name,
        description,
        expression,
        timezone,
        startDate,
        endDate,
        on,
        window,
        deleteAfterCompletion,
        kmsKeyArn,
        target,
        owner,
        anchor,
        next,
        createdAt,
        now);
  }
}
