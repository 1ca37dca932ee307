package io.stepwise.engine.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Schedules (EventBridge Scheduler's, which start executions) as the pages use them. Implemented by
 * the server for the page request's caller: what the caller may not see does not exist for them,
 * and changes are authorized there (editing needs the editor role, enabling, disabling and "run
 * now" the operator role). Calls may block; refusals are {@link ServiceException}s with AWS's names
 * and messages, the same rules as the scheduler API.
 */
public interface ScheduleService {
  /** The caller's schedules, of one state machine (through any version or alias) or of all. */
  List<ScheduleView> list(String stateMachineArn);

  /** The schedule of that group and name, with its next fire times and latest fires. */
  Optional<ScheduleView> describe(String group, String name);

  /**
   * What a schedule as filled in would do: its next {@code count} fire times, or the refusal the
   * API would give it (the expression, time zone and dates; checked as typed).
   */
  ExpressionCheck check(ScheduleForm form, int count);

  /** Creates the schedule ({@code update} false) or replaces it; its ARN. */
  String save(ScheduleForm form, boolean update);

  void setEnabled(String scheduleArn, boolean enabled);

  /** Starts the schedule's target once, now; the fire's time. */
  Instant runNow(String scheduleArn);

  void delete(String scheduleArn);

  /** The fire that started an execution, when a schedule the caller may see did. */
  Optional<ScheduleFireView> startedBy(String executionArn);

  /**
   * A schedule as the pages show it.
   *
   * @param upcoming its next fire times (up to five), in order
   * @param fires its latest fires, newest first
   */
  record ScheduleView(
      String arn,
      String group,
      String name,
      String description,
      String expression,
      String timezone,
      boolean enabled,
      String targetArn,
      String input,
      Integer windowMinutes,
      Instant startDate,
      Instant endDate,
      List<Instant> upcoming,
      List<ScheduleFireView> fires) {}

  /** One fire of a schedule and what became of it (PENDING, STARTED, FAILED or EXPIRED). */
  record ScheduleFireView(
      String scheduleArn,
      String scheduleName,
      Instant fireTime,
      String state,
      int attempts,
      boolean runNow,
      String executionArn,
      String error,
      String cause) {}

  /**
   * A schedule as a form gives it; null members are absent.
   *
   * @param windowMinutes a flexible window's maximum, null for none
   */
  record ScheduleForm(
      String group,
      String name,
      String description,
      String expression,
      String timezone,
      boolean enabled,
      Integer windowMinutes,
      Instant startDate,
      Instant endDate,
      String targetArn,
      String input) {}

  /** The answer to a check: the next fire times, or the message of the refusal. */
  record ExpressionCheck(boolean ok, String message, List<Instant> upcoming) {}
}
