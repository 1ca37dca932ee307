package io.stepwise.web.schedule;

import io.stepwise.engine.service.ScheduleService.ScheduleForm;
import io.stepwise.engine.service.ScheduleService.ScheduleView;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The schedule form's fields as typed (strings, kept to show them again after a refusal), read into
 * the service's {@link ScheduleForm}. Dates are ISO instants ({@code 2026-05-01T10:00:00Z}).
 */
public record ScheduleFormFields(
    String group,
    String name,
    String description,
    String expression,
    String timezone,
    boolean enabled,
    String windowMinutes,
    String startDate,
    String endDate,
    String targetArn,
    String input) {

  static ScheduleFormFields empty(String targetArn) {
    return new ScheduleFormFields(
        "default", "", "", "cron(0 2 * * ? *)", "UTC", true, "", "", "", targetArn, "");
  }

  static ScheduleFormFields of(ScheduleView v) {
    return new ScheduleFormFields(
        v.group(),
        v.name(),
        v.description() == null ? "" : v.description(),
        v.expression(),
        v.timezone(),
        v.enabled(),
        v.windowMinutes() == null ? "" : v.windowMinutes().toString(),
        v.startDate() == null ? "" : v.startDate().toString(),
        v.endDate() == null ? "" : v.endDate().toString(),
        v.targetArn(),
        v.input() == null ? "" : v.input());
  }

  /** The form for the service; IllegalArgumentException naming a field that cannot be read. */
  ScheduleForm form() {
    return new ScheduleForm(
        blank(group) ? "default" : group.trim(),
        name == null ? "" : name.trim(),
        description,
        expression == null ? "" : expression.trim(),
        blank(timezone) ? null : timezone.trim(),
        enabled,
        blank(windowMinutes) ? null : number("Flexible window (minutes)", windowMinutes),
        instant("Start date", startDate),
        instant("End date", endDate),
        targetArn == null ? "" : targetArn.trim(),
        input);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static Integer number(String field, String text) {
    try {
      return Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " must be a whole number, not '" + text + "'");
    }
  }

  private static Instant instant(String field, String text) {
    if (blank(text)) return null;
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          field + " must be an instant such as 2026-05-01T10:00:00Z, not '" + text + "'");
    }
  }
}
