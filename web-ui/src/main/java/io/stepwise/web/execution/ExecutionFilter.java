package io.stepwise.web.execution;

import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.service.ExecutionQuery;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The executions list's filters as the form sends them (all optional text), and the query they
 * make. Times are the browser's {@code datetime-local} values, read as UTC.
 */
public record ExecutionFilter(
    String status, String stateMachine, String from, String to, String prefix, String page) {
  static final int PAGE_SIZE = 50;

  /** The service query; {@code stateMachineArn} is the ARN of the named machine, or null. */
  ExecutionQuery query(String stateMachineArn) {
    return new ExecutionQuery(
        stateMachineArn,
        statusValue(),
        blank(prefix) ? null : prefix,
        time(from),
        time(to),
        PAGE_SIZE,
        blank(page) ? null : page);
  }

  ExecutionStatus statusValue() {
    if (blank(status)) return null;
    try {
      return ExecutionStatus.valueOf(status);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public boolean selected(String value) {
    return value.equals(status);
  }

  public String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static Instant time(String value) {
    if (blank(value)) return null;
    try {
      return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
